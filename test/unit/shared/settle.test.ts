import { settleAll } from '../../../src/shared/settle';

test('values in order when every task succeeds', async () => {
  expect(await settleAll([Promise.resolve(1), Promise.resolve(2)])).toEqual([1, 2]);
});

test('a failure is thrown only once every task has settled', async () => {
  const settled: string[] = [];
  const slow = new Promise<number>((resolve) => setTimeout(() => { settled.push('slow'); resolve(2); }, 30));
  await expect(settleAll([Promise.reject(new Error('boom')), slow])).rejects.toThrow('boom');
  expect(settled).toEqual(['slow']);
});
