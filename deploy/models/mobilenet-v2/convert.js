#!/usr/bin/env node
// One-off converter: nsfwjs 4.4.0's bundled MobileNetV2 (a TF.js layers model wrapped in .min.js
// files) -> a plain TF.js layers model: model.json (Keras topology + weight manifest) and
// weights.bin (the shard's raw bytes).
//
// The weights stay 8-bit quantised exactly as nsfwjs ships them (value = min + scale * q, per
// tensor; min and scale sit in the manifest): 2.6 MB instead of 10.5 MB as float32, and
// weights.bin is byte-identical to the base64-decoded shard, so its SHA-256 names the weights.
// The Java side (TfjsWeights) dequantises.
//
// Usage: node convert.js <dir of the unpacked nsfwjs package> <output dir>
// See README.md for the full commands.
"use strict";
const fs = require("fs");
const path = require("path");
const crypto = require("crypto");

const [pkgDir, outDir] = process.argv.slice(2);
if (!pkgDir || !outDir) {
  console.error("usage: node convert.js <nsfwjs package dir> <output dir>");
  process.exit(2);
}
const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, "package.json"), "utf8"));
if (pkg.name !== "nsfwjs" || pkg.version !== "4.4.0") {
  throw new Error(`expected nsfwjs 4.4.0, found ${pkg.name} ${pkg.version}`);
}
const modelDir = path.join(pkgDir, "dist", "models", "mobilenet_v2");

// Both .min.js files are UMD bundles: require() gives the model JSON object and the shard's
// base64 string. They are data only (no calls into other modules).
const model = require(path.resolve(modelDir, "model.min.js"));
const shardBase64 = require(path.resolve(modelDir, "group1-shard1of1.min.js"));
if (typeof shardBase64 !== "string") throw new Error("shard bundle did not export a string");
if (model.weightsManifest.length !== 1 || model.weightsManifest[0].paths.length !== 1) {
  throw new Error("expected one weight group with one shard");
}
const bytes = Buffer.from(shardBase64, "base64");

// Check the manifest covers the shard exactly: one byte per value, all uint8-quantised.
const specs = model.weightsManifest[0].weights;
let expected = 0;
for (const w of specs) {
  if (!w.quantization || w.quantization.dtype !== "uint8") {
    throw new Error(`${w.name}: expected uint8 quantisation`);
  }
  expected += w.shape.reduce((a, b) => a * b, 1);
}
if (expected !== bytes.length) {
  throw new Error(`manifest wants ${expected} bytes, shard has ${bytes.length}`);
}

const out = {
  format: "layers-model",
  generatedBy: "keras " + model.modelTopology.keras_version,
  convertedBy: "ascmr deploy/models/mobilenet-v2/convert.js from nsfwjs 4.4.0 " +
    "dist/models/mobilenet_v2 (uint8 quantisation kept)",
  modelTopology: model.modelTopology,
  weightsManifest: [{ paths: ["weights.bin"], weights: specs }],
};
fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, "model.json"), JSON.stringify(out));
fs.writeFileSync(path.join(outDir, "weights.bin"), bytes);
const sha = crypto.createHash("sha256").update(bytes).digest("hex");
console.log(`${specs.length} tensors, ${bytes.length} bytes, weights.bin sha256 ${sha}`);
