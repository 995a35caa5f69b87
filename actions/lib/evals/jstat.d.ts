// jstat ships no types; this is the one function the eval gate uses.
declare module 'jstat' {
  const jstat: { jStat: { normal: { inv(p: number, mean: number, std: number): number } } };
  export default jstat;
}
