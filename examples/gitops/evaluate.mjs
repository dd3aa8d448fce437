// The gate between training and promotion: asks the adapter the dev stack serves a few support
// questions through the deployment's OpenAI-compatible route, and fails unless it answers every
// one, and answers differently from the base model (the adapter is loaded). Replace the prompts and
// the checks with your own evaluation; the workflow promotes to prod only after this exits 0.
//
//   pulumi stack output --json --stack dev > outputs.json
//   PREDIBASE_API_TOKEN=… node evaluate.mjs outputs.json
import { appendFileSync, readFileSync } from "node:fs";

const PROMPTS = [
  "My order has not arrived yet. What can I do?",
  "How do I return a damaged item?",
  "Can I change the delivery address of an order?",
];

const [outputsFile] = process.argv.slice(2);
const token = process.env.PREDIBASE_API_TOKEN;
if (!outputsFile || !token) {
  console.error(
    "usage: PREDIBASE_API_TOKEN=… node evaluate.mjs <outputs.json of `pulumi stack output --json`>",
  );
  process.exit(2);
}
const { adapterVersion, openaiBaseUrl } = JSON.parse(readFileSync(outputsFile, "utf8"));
if (!adapterVersion || !openaiBaseUrl) {
  console.error(`${outputsFile} has no adapterVersion or openaiBaseUrl: nothing to evaluate yet`);
  process.exit(1);
}

async function ask(model, question) {
  const response = await fetch(`${openaiBaseUrl}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ model, messages: [{ role: "user", content: question }], max_tokens: 48 }),
    signal: AbortSignal.timeout(120_000),
  });
  if (!response.ok)
    throw new Error(`${model || "base model"}: HTTP ${response.status} ${await response.text()}`);
  const body = await response.json();
  return String(body.choices?.[0]?.message?.content ?? "").trim();
}

const rows = [];
for (const question of PROMPTS) {
  const answer = await ask(adapterVersion, question);
  const base = await ask("", question); // "" is the deployment's base model, without the adapter
  const problem = !answer ? "no answer" : answer === base ? "same answer as the base model" : "";
  rows.push({ question, answer, problem });
}

const failed = rows.filter((r) => r.problem);
const table = [
  `### Evaluation of ${adapterVersion}: ${rows.length - failed.length}/${rows.length} passed`,
  "",
  "| question | answer | result |",
  "| --- | --- | --- |",
  ...rows.map(
    (r) => `| ${r.question} | ${r.answer.replaceAll("|", "\\|").slice(0, 120)} | ${r.problem || "ok"} |`,
  ),
].join("\n");
console.log(table);
if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, `${table}\n`);
process.exit(failed.length === 0 ? 0 : 1);
