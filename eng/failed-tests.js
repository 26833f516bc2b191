// Prints each failed test in the TRX files and the Vitest JSON report given as arguments, with the first lines of
// its message, so that the tail of a test run names what failed even when only the last lines are kept.
const fs = require('fs');

const decode = (s) =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
const firstLines = (text, n) => text.split('\n').slice(0, n).map((l) => `      ${l.trimEnd()}`).join('\n');

for (const file of process.argv.slice(2).filter((f) => fs.existsSync(f))) {
  const text = fs.readFileSync(file, 'utf8');
  if (file.endsWith('.json')) {
    for (const suite of JSON.parse(text).testResults ?? []) {
      for (const test of suite.assertionResults ?? []) {
        if (test.status !== 'failed') continue;
        console.log(`  FAILED ${test.fullName}`);
        console.log(firstLines((test.failureMessages ?? []).join('\n'), 6));
      }
    }
    continue;
  }
  for (const [result] of text.matchAll(/<UnitTestResult [\s\S]*?(?:<\/UnitTestResult>|\/>)/g)) {
    const outcome = /outcome="([^"]*)"/.exec(result)?.[1];
    if (outcome === 'Passed' || outcome === 'NotExecuted') continue;
    const name = decode(/testName="([^"]*)"/.exec(result)?.[1] ?? '?');
    const message = decode(/<Message>([\s\S]*?)<\/Message>/.exec(result)?.[1] ?? '');
    console.log(`  ${outcome.toUpperCase()} ${name}`);
    if (message) console.log(firstLines(message, 6));
  }
}
