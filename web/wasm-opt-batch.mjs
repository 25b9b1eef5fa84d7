// wasm-opt over many modules in one Node process. `cargo xtask web` optimizes the main module and
// every module wasm-split made (about 900): binaryen's library — the same build as the package's
// `wasm-opt` command — is loaded once here instead of once per module, which was most of the time.
//
// Usage: node wasm-opt-batch.mjs <jobs file>, each line `<input>\t<output>`. The options are
// `wasm-opt -Oz --strip-debug --strip-producers` with the features listed in xtask/src/web.rs.
import binaryen from "binaryen";
import { readFileSync, writeFileSync } from "node:fs";

const F = binaryen.Features;
const features =
  F.MutableGlobals | F.NontrappingFPToInt | F.BulkMemory | F.BulkMemoryOpt | F.SignExt | F.ReferenceTypes | F.Multivalue | F.CallIndirectOverlong;

const jobs = readFileSync(process.argv[2], "utf8").split("\n").filter(Boolean);
for (const job of jobs) {
  const [input, output] = job.split("\t");
  binaryen.setOptimizeLevel(2);
  binaryen.setShrinkLevel(2);
  binaryen.setDebugInfo(false);
  const module = binaryen.readBinary(readFileSync(input), features);
  module.optimize();
  module.runPasses(["strip-debug", "strip-producers"]);
  if (!module.validate()) {
    console.error(`${input}: not valid after optimization`);
    process.exit(1);
  }
  writeFileSync(output, module.emitBinary());
  module.dispose();
}
