#!/usr/bin/env node
// Reference activations for MobileNetV2EncoderTest, computed by TF.js (pure-JS CPU backend) on
// nsfwjs 4.4.0's own bundled model (loaded through nsfwjs, not through convert.js's output, so
// the fixture also checks the conversion).
//
// Input: DIR/inputs.f32 + DIR/inputs.txt as written by the Java test MobileNetV2FixtureInputs
// (-Dascmr.mobilenet.dump=DIR): the Java-preprocessed 224x224x3 inputs, so the fixture compares
// the two networks on identical inputs. Output: a JSON fixture with, per image, the input's
// SHA-256 and sum and the global-average-pooled activations of LAYERS.
//
// It also redoes the preprocessing in TF.js (pngjs decode, alpha onto white, /255,
// tf.image.resizeBilinear alignCorners=true as nsfwjs does) and records the largest
// difference from the Java input, as a check of ImagePreprocessor.
//
// Usage (see README.md): NODE_PATH=<node_modules> node reference.js DIR REPO_ROOT OUT.json
"use strict";
const fs = require("fs");
const path = require("path");
const crypto = require("crypto");
const tf = require("@tensorflow/tfjs");
const { PNG } = require("pngjs");
const { load } = require("nsfwjs/core");
const { MobileNetV2Model } = require("nsfwjs/models/mobilenet_v2");

const LAYERS = ["out_relu", "block_16_project_BN", "block_13_expand_relu", "block_12_add",
  "block_10_project_BN"];
const SIZE = 224;
const LEN = SIZE * SIZE * 3;

// float32 values round-trip through 9 significant digits
const f9 = (v) => Number(v.toPrecision(9));

// Same arithmetic as ImagePreprocessor: (c * a + 255 * (255 - a)) / 255^2, rounded to float32.
function tfjsPreprocess(file) {
  const png = PNG.sync.read(fs.readFileSync(file)); // RGBA, 8 bits (pngjs expands RGB)
  if (png.data.length !== png.width * png.height * 4) throw new Error(file + ": not 8-bit RGBA");
  const rgb = new Float32Array(png.width * png.height * 3);
  for (let i = 0; i < png.width * png.height; i++) {
    const a = png.data[i * 4 + 3];
    for (let c = 0; c < 3; c++) {
      rgb[i * 3 + c] = (png.data[i * 4 + c] * a + 255 * (255 - a)) / 65025;
    }
  }
  return tf.tidy(() => tf.image.resizeBilinear(
      tf.tensor3d(rgb, [png.height, png.width, 3]), [SIZE, SIZE], true).dataSync());
}

async function main() {
  const [dir, repo, out] = process.argv.slice(2);
  if (!out) throw new Error("usage: node reference.js DIR REPO_ROOT OUT.json");
  await tf.setBackend("cpu");
  const images = fs.readFileSync(path.join(dir, "inputs.txt"), "utf8").split("\n").filter((s) => s);
  const bytes = fs.readFileSync(path.join(dir, "inputs.f32"));
  if (bytes.length !== images.length * LEN * 4) throw new Error("inputs.f32 has the wrong size");

  const nsfw = await load("MobileNetV2", { modelDefinitions: [MobileNetV2Model] });
  const net = nsfw.model;
  const probe = tf.model({
    inputs: net.inputs,
    outputs: LAYERS.map((l) => net.getLayer(l).output),
  });

  const result = {
    about: "TF.js " + tf.version.tfjs + " (" + tf.getBackend() + " backend) on nsfwjs 4.4.0 " +
      "MobileNetV2, fed the Java-preprocessed inputs; pooled = mean over height and width",
    layers: LAYERS,
    images: [],
  };
  for (let i = 0; i < images.length; i++) {
    const slice = bytes.subarray(i * LEN * 4, (i + 1) * LEN * 4);
    const input = new Float32Array(LEN);
    for (let j = 0; j < LEN; j++) input[j] = slice.readFloatLE(j * 4);
    let sum = 0;
    for (const v of input) sum += v;

    const outs = tf.tidy(() => probe.predict(tf.tensor4d(input, [1, SIZE, SIZE, 3])));
    const pooled = {};
    for (let k = 0; k < LAYERS.length; k++) {
      pooled[LAYERS[k]] = Array.from(tf.tidy(() => outs[k].mean([1, 2]).dataSync()), f9);
      outs[k].dispose();
    }

    const redone = tfjsPreprocess(path.join(repo, images[i]));
    let resizeDiff = 0;
    for (let j = 0; j < LEN; j++) resizeDiff = Math.max(resizeDiff, Math.abs(redone[j] - input[j]));

    result.images.push({
      path: images[i],
      inputSha256: crypto.createHash("sha256").update(slice).digest("hex"),
      inputSum: sum,
      tfjsResizeMaxAbsDiff: resizeDiff,
      pooled,
    });
    console.log(images[i], "resize max abs diff vs Java", resizeDiff,
      LAYERS.map((l) => l + " " + pooled[l].length).join(", "));
  }
  fs.writeFileSync(out, JSON.stringify(result, null, 1) + "\n");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
