// Structural test of the Terraform under terraform/ (or the folder in TERRAFORM_DIR).
// `terraform validate` needs the Google provider, which cannot be downloaded where CI runs, so this
// reads the HCL itself (HashiCorp's own parser, @cdktf/hcl2json) and checks the deployment's rules.
// Each test is one rule; a failure names the rule and the file and resource that break it.
//
// Run: bash scripts/check-terraform.sh (installs the parser into tests/terraform/.peer/ first), or
// node --test tests/terraform/structure.test.mjs once it is installed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const peer = join(here, '.peer');
const requireFromPeer = createRequire(join(peer, 'package.json'));
let hcl;
try {
  hcl = requireFromPeer('@cdktf/hcl2json');
} catch (e) {
  throw new Error(`@cdktf/hcl2json is not installed in ${peer}: run bash scripts/check-terraform.sh (${e.message})`);
}

const tfDir = resolve(process.env.TERRAFORM_DIR ?? join(here, '..', '..', 'terraform'));
const cloudbuildFile = resolve(process.env.CLOUDBUILD_FILE ?? join(here, '..', '..', 'cloudbuild.yaml'));

// The seven functions of the pipeline and the dashboard (functions/<Name>/) and their keys in services.tf.
const EXPECTED_FUNCTIONS = {
  ingestor: 'Ingestor',
  aggregator: 'Aggregator',
  logic_engine: 'LogicEngine',
  macro_engine: 'MacroEngine',
  notifier: 'Notifier',
  telegram_webhook: 'TelegramWebhook',
  chart_renderer: 'ChartRenderer',
  dashboard: 'Dashboard',
};
// Reached from the internet: Telegram calls the webhook, a phone's browser opens the dashboard. Each checks its
// callers itself (Telegram's secret header; the bot's signed link, then a session cookie).
const PUBLIC_FUNCTIONS = ['telegram_webhook', 'dashboard'];
// The only roles the dashboard's account may hold: it reads the stores and its one secret, and writes nothing.
const DASHBOARD_READ_ONLY_ROLES = ['roles/bigtable.reader', 'roles/datastore.viewer', 'roles/secretmanager.secretAccessor'];
const REQUIRED_INPUTS = ['project_id', 'telegram_owner_chat_ids'];

// ------------------------------------------------------------------ loading

function tfFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.')) continue; // .terraform/ and friends
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...tfFiles(p));
    else if (name.endsWith('.tf')) out.push(p);
  }
  return out.sort();
}

/** Every block of every file, flattened: { file, module, kind, type, name, body }. */
async function load(dir) {
  if (!existsSync(dir)) throw new Error(`Terraform folder not found: ${dir}`);
  const blocks = [];
  const files = tfFiles(dir);
  for (const file of files) {
    const rel = relative(dir, file);
    let json;
    try {
      json = await hcl.parse(rel, readFileSync(file, 'utf8'));
    } catch (e) {
      throw new Error(`${rel} is not valid HCL: ${e.message ?? e}`);
    }
    const module = dirname(rel) === '.' ? 'root' : dirname(rel);
    for (const kind of ['resource', 'data']) {
      for (const [type, byName] of Object.entries(json[kind] ?? {})) {
        for (const [name, bodies] of Object.entries(byName)) {
          for (const body of bodies) blocks.push({ file: rel, module, kind, type, name, body });
        }
      }
    }
    for (const [name, bodies] of Object.entries(json.module ?? {})) {
      for (const body of bodies) blocks.push({ file: rel, module, kind: 'module', type: 'module', name, body });
    }
    for (const [name, bodies] of Object.entries(json.variable ?? {})) {
      for (const body of bodies) blocks.push({ file: rel, module, kind: 'variable', type: 'variable', name, body });
    }
    for (const [name, bodies] of Object.entries(json.output ?? {})) {
      for (const body of bodies) blocks.push({ file: rel, module, kind: 'output', type: 'output', name, body });
    }
    for (const locals of json.locals ?? []) {
      for (const [name, value] of Object.entries(locals)) {
        blocks.push({ file: rel, module, kind: 'local', type: 'local', name, body: value });
      }
    }
    for (const tf of json.terraform ?? []) {
      blocks.push({ file: rel, module, kind: 'terraform', type: 'terraform', name: 'terraform', body: tf });
    }
  }
  return { files, blocks, raw: files.map((f) => ({ file: relative(dir, f), text: readFileSync(f, 'utf8') })) };
}

const model = await load(tfDir);

const resources = (type, module) =>
  model.blocks.filter((b) => b.kind === 'resource' && b.type === type && (module === undefined || b.module === module));
const local = (name) => {
  const found = model.blocks.filter((b) => b.kind === 'local' && b.name === name && b.module === 'root');
  assert.equal(found.length, 1, `expected exactly one root local "${name}", found ${found.length}`);
  return found[0];
};
const where = (b) => `${b.file}: ${b.type === b.kind ? '' : b.type + '.'}${b.name}`;
const one = (x) => (Array.isArray(x) ? x[0] : x); // HCL blocks come back as arrays of one
const allStrings = (v, out = []) => {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => allStrings(x, out));
  else if (v && typeof v === 'object') Object.entries(v).forEach(([k, x]) => { out.push(k); allStrings(x, out); });
  return out;
};
const fail = (rule, problems) =>
  assert.fail(`RULE BROKEN: ${rule}\n  - ${problems.join('\n  - ')}`);
const check = (rule, problems) => { if (problems.length > 0) fail(rule, problems); };

// ------------------------------------------------------------------ rules

test('rule: each function has its own service account and its own Cloud Run service', () => {
  const rule = 'each function has its own service account and its own Cloud Run service';
  const problems = [];

  const functions = local('functions').body;
  for (const [key, project] of Object.entries(EXPECTED_FUNCTIONS)) {
    if (!functions[key]) problems.push(`services.tf local.functions has no "${key}" (functions/${project})`);
    else if (functions[key].project !== project) problems.push(`local.functions.${key}.project is "${functions[key].project}", expected "${project}"`);
  }
  for (const key of Object.keys(functions)) {
    if (!(key in EXPECTED_FUNCTIONS)) problems.push(`local.functions has an unknown function "${key}"`);
  }

  const calls = model.blocks.filter((b) => b.kind === 'module' && b.body.source === './modules/function_service');
  if (calls.length !== 1) problems.push(`expected one module call of ./modules/function_service, found ${calls.length}`);
  for (const call of calls) {
    if (call.body.for_each !== '${local.functions}') problems.push(`${where(call)} must use for_each = local.functions (one instance per function)`);
    for (const attr of ['service_account_id', 'service_name']) {
      if (!String(call.body[attr] ?? '').includes('each.key')) problems.push(`${where(call)}.${attr} must be built from each.key, so no two functions share it`);
    }
    if (!String(call.body.image ?? '').includes('each.value.project')) problems.push(`${where(call)}.image must name the function's own image (each.value.project)`);
  }

  const inModule = (t) => resources(t, 'modules/function_service');
  if (inModule('google_service_account').length !== 1) problems.push('modules/function_service must create exactly one google_service_account');
  const services = inModule('google_cloud_run_v2_service');
  if (services.length !== 1) problems.push('modules/function_service must create exactly one google_cloud_run_v2_service');
  for (const s of services) {
    const sa = one(s.body.template)?.service_account;
    if (!/google_service_account\.this\.email/.test(String(sa))) problems.push(`${where(s)} must run as the module's own account (template.service_account = google_service_account.this.email), not ${sa}`);
  }
  for (const s of resources('google_cloud_run_v2_service').filter((b) => b.module !== 'modules/function_service')) {
    problems.push(`${where(s)}: Cloud Run services are created only through modules/function_service`);
  }
  for (const s of resources('google_cloud_run_service')) problems.push(`${where(s)}: use google_cloud_run_v2_service, not the v1 resource`);
  for (const { file, text } of model.raw) {
    if (/-compute@developer\.gserviceaccount\.com/.test(text)) problems.push(`${file} uses the default compute service account`);
  }
  check(rule, problems);
});

test('rule: every subscription has a dead-letter policy (and a retry policy, and OIDC on push)', () => {
  const rule = 'every subscription has a dead-letter policy';
  const problems = [];
  const subs = resources('google_pubsub_subscription');
  if (subs.length === 0) problems.push('no google_pubsub_subscription found at all');
  for (const s of subs) {
    const topic = String(s.body.topic ?? '');
    const isDeadLetterHold = /google_pubsub_topic\.dead_letter\b/.test(topic);
    if (isDeadLetterHold) {
      // The subscription that keeps dead letters is the end of the line; it must not be a push.
      if (s.body.push_config) problems.push(`${where(s)} holds dead letters and must be a pull subscription`);
      continue;
    }
    const dlp = one(s.body.dead_letter_policy);
    if (!dlp) problems.push(`${where(s)} has no dead_letter_policy`);
    else {
      if (!/google_pubsub_topic\./.test(String(dlp.dead_letter_topic ?? ''))) problems.push(`${where(s)}.dead_letter_policy.dead_letter_topic must reference a google_pubsub_topic`);
      if (dlp.max_delivery_attempts === undefined) problems.push(`${where(s)}.dead_letter_policy has no max_delivery_attempts`);
    }
    const retry = one(s.body.retry_policy);
    if (!retry || retry.minimum_backoff === undefined || retry.maximum_backoff === undefined) problems.push(`${where(s)} has no retry_policy with minimum_backoff and maximum_backoff`);
    const push = one(s.body.push_config);
    if (push) {
      const oidc = one(push.oidc_token);
      if (!oidc || !oidc.service_account_email) problems.push(`${where(s)} pushes without an OIDC token (push_config.oidc_token.service_account_email)`);
    }
  }
  // Dead-lettering only works when the Pub/Sub service agent may publish to the dead-letter topic.
  const dlTopicGrants = resources('google_pubsub_topic_iam_member').filter((g) => /dead_letter/.test(String(g.body.topic)) && /gcp-sa-pubsub|local\.pubsub_agent/.test(String(g.body.member)));
  const dlTopics = resources('google_pubsub_topic').filter((t) => t.name === 'dead_letter');
  if (dlTopics.length > 0 && dlTopicGrants.length === 0) problems.push('no roles/pubsub.publisher grant for the Pub/Sub service agent on the dead-letter topic');
  check(rule, problems);
});

test('rule: nothing is public except the Telegram webhook and the dashboard (no allUsers / allAuthenticatedUsers elsewhere)', () => {
  const rule = 'no allUsers except the webhook and the dashboard';
  const problems = [];
  const publicMembers = /\ball(Authenticated)?Users\b/;

  for (const b of model.blocks) {
    if (b.kind !== 'resource' && b.kind !== 'data') continue;
    const strings = allStrings(b.body);
    if (!strings.some((s) => publicMembers.test(s))) continue;
    const allowed = b.module === 'modules/function_service' && b.type === 'google_cloud_run_v2_service_iam_member' && /var\.public/.test(String(b.body.count ?? ''));
    if (!allowed) problems.push(`${where(b)} grants to allUsers/allAuthenticatedUsers; only the function_service module's public invoker (count = var.public) may`);
  }

  const functions = local('functions').body;
  for (const [key, f] of Object.entries(functions)) {
    if (f.public === true && !PUBLIC_FUNCTIONS.includes(key)) problems.push(`local.functions.${key}.public is true; only ${PUBLIC_FUNCTIONS.join(' and ')} may be public`);
  }
  for (const key of PUBLIC_FUNCTIONS) {
    if (functions[key] && functions[key].public !== true) problems.push(`${key} must be public (neither Telegram nor a phone's browser can send an identity token)`);
  }
  for (const call of model.blocks.filter((b) => b.kind === 'module' && b.body.source === './modules/function_service')) {
    if (call.body.public !== '${each.value.public}') problems.push(`${where(call)}.public must come from local.functions (each.value.public), found ${call.body.public}`);
  }
  const pubVar = model.blocks.find((b) => b.kind === 'variable' && b.module === 'modules/function_service' && b.name === 'public');
  if (!pubVar || pubVar.body.default !== false) problems.push('modules/function_service variable "public" must default to false');
  check(rule, problems);
});

test('rule: IAM uses *_iam_member only (no *_iam_binding, *_iam_policy or google_iam_policy)', () => {
  const rule = 'no _iam_binding or _iam_policy';
  const problems = [];
  for (const b of model.blocks) {
    if ((b.kind === 'resource' || b.kind === 'data') && (/_iam_(binding|policy)$/.test(b.type) || b.type === 'google_iam_policy')) {
      problems.push(`${where(b)} (${b.kind} ${b.type}) overwrites grants made by others; use the matching _iam_member`);
    }
  }
  check(rule, problems);
});

test('rule: the Cloud Scheduler job calls the MacroEngine with an OIDC token', () => {
  const rule = 'the Scheduler job uses OIDC';
  const problems = [];
  const jobs = resources('google_cloud_scheduler_job');
  if (jobs.length === 0) problems.push('no google_cloud_scheduler_job found');
  for (const j of jobs) {
    const target = one(j.body.http_target);
    if (!target) { problems.push(`${where(j)} has no http_target`); continue; }
    if (target.oauth_token) problems.push(`${where(j)} uses oauth_token; Cloud Run needs oidc_token`);
    const oidc = one(target.oidc_token);
    if (!oidc || !oidc.service_account_email) problems.push(`${where(j)} has no http_target.oidc_token.service_account_email`);
    else if (!oidc.audience) problems.push(`${where(j)}.http_target.oidc_token has no audience`);
    if (!/macro_engine/.test(String(target.uri))) problems.push(`${where(j)} should call the macro_engine service, calls ${target.uri}`);
  }
  check(rule, problems);
});

test('rule: every Bigtable column family has a garbage-collection rule', () => {
  const rule = 'the Bigtable family has a GC rule (and deletion protection defaults to on)';
  const problems = [];
  const tables = resources('google_bigtable_table');
  if (tables.length === 0) problems.push('no google_bigtable_table found');
  const policies = resources('google_bigtable_gc_policy');
  for (const t of tables) {
    const families = [].concat(t.body.column_family ?? []).map((f) => f.family);
    if (families.length === 0) problems.push(`${where(t)} declares no column_family`);
    for (const family of families) {
      const matching = policies.filter((p) => new RegExp(`google_bigtable_table\\.${t.name}(\\[0\\])?\\.`).test(String(p.body.table)) && p.body.column_family === family);
      if (matching.length === 0) problems.push(`${where(t)} family "${family}" has no google_bigtable_gc_policy`);
      for (const p of matching) {
        if (!p.body.gc_rules) problems.push(`${where(p)} sets no gc_rules`);
        if (p.body.max_age || p.body.max_version) problems.push(`${where(p)} uses the legacy max_age/max_version blocks; use gc_rules`);
      }
    }
  }
  const protection = model.blocks.find((b) => b.kind === 'variable' && b.module === 'root' && b.name === 'bigtable_deletion_protection');
  if (!protection || protection.body.default !== true) problems.push('variable bigtable_deletion_protection must default to true');
  check(rule, problems);
});

test('rule: every secret referenced is declared', () => {
  const rule = 'every secret referenced is declared';
  const problems = [];
  const secretResources = new Set(resources('google_secret_manager_secret').map((r) => r.name));
  const declared = Object.keys(local('secrets').body);

  for (const { file, text } of model.raw) {
    for (const m of text.matchAll(/google_secret_manager_secret\.([a-z0-9_]+)(\["([a-z0-9_]+)"\])?/g)) {
      if (!secretResources.has(m[1])) problems.push(`${file} references google_secret_manager_secret.${m[1]}, which is not declared`);
      if (m[3] && !declared.includes(m[3])) problems.push(`${file} references secret "${m[3]}", not a key of local.secrets`);
    }
    for (const m of text.matchAll(/local\.(secrets|secret_ids)\["([a-z0-9_]+)"\]/g)) {
      if (!declared.includes(m[2])) problems.push(`${file} references local.${m[1]}["${m[2]}"], not a key of local.secrets`);
    }
  }
  // Each function's secret list may only name declared secrets.
  const perFunction = local('function_secrets').body;
  for (const [fn, value] of Object.entries(perFunction)) {
    // A literal list, or an expression such as concat(var.x ? ["gemini_api_key"] : [], ...).
    const names = Array.isArray(value) ? value : [...String(value).matchAll(/"([a-z][a-z0-9_]*)"/g)].map((m) => m[1]);
    for (const n of names) if (!declared.includes(n)) problems.push(`local.function_secrets.${fn} names "${n}", not a key of local.secrets`);
  }
  // Every environment variable the functions read from Secret Manager has a secret.
  for (const env of ['TELEGRAM_BOT_TOKEN', 'TELEGRAM_WEBHOOK_SECRET', 'GEMINI_API_KEY', 'CRYPTOCOMPARE_API_KEY']) {
    if (!Object.values(local('secrets').body).some((s) => s.env === env)) problems.push(`no secret in local.secrets provides ${env}`);
  }
  // Secret values never pass through Terraform.
  for (const v of resources('google_secret_manager_secret_version')) problems.push(`${where(v)} would put a secret value in state; add versions with gcloud instead`);
  check(rule, problems);
});

test('rule: every input is a typed variable with a description', () => {
  const rule = 'every input is a typed variable with a description';
  const problems = [];
  const vars = model.blocks.filter((b) => b.kind === 'variable');
  if (vars.length === 0) problems.push('no variables found');
  for (const v of vars) {
    if (!v.body.type) problems.push(`${v.file}: variable "${v.name}" has no type`);
    if (!v.body.description) problems.push(`${v.file}: variable "${v.name}" has no description`);
    // Without a default only what no default can be right for: the project, and who owns the bot.
    if (v.module === 'root' && !REQUIRED_INPUTS.includes(v.name) && !('default' in v.body)) problems.push(`${v.file}: variable "${v.name}" has no default`);
  }
  for (const o of model.blocks.filter((b) => b.kind === 'output')) {
    if (!o.body.description) problems.push(`${o.file}: output "${o.name}" has no description`);
  }
  check(rule, problems);
});

test('rule: provider versions are pinned in every module', () => {
  const rule = 'pinned provider versions';
  const problems = [];
  const modules = new Set(model.blocks.filter((b) => b.kind === 'resource').map((b) => b.module));
  for (const m of modules) {
    const tf = model.blocks.filter((b) => b.kind === 'terraform' && b.module === m);
    const google = tf.map((t) => one(t.body.required_providers)?.google).find(Boolean);
    if (!google) { problems.push(`${m} has no required_providers.google`); continue; }
    const version = String(google.version ?? '');
    if (!/>=?\s*\d/.test(version) || !/<\s*\d|~>/.test(version)) problems.push(`${m}: google provider version "${version}" needs a lower and an upper bound`);
  }
  check(rule, problems);
});

test('rule: the Ingestor is always on and every service has health probes', () => {
  const rule = 'Ingestor always on with health probes';
  const problems = [];
  const ingestor = local('functions').body.ingestor;
  if (!ingestor || ingestor.always_on !== true) problems.push('local.functions.ingestor.always_on must be true');
  for (const s of resources('google_cloud_run_v2_service')) {
    const container = one(one(s.body.template)?.containers);
    if (!one(container?.startup_probe)) problems.push(`${where(s)} has no startup_probe`);
    if (!one(container?.liveness_probe)) problems.push(`${where(s)} has no liveness_probe`);
    const resourcesBlock = one(container?.resources);
    if (!/var\.always_on/.test(String(resourcesBlock?.cpu_idle))) problems.push(`${where(s)}.resources.cpu_idle must follow var.always_on (CPU always allocated for the Ingestor)`);
  }
  check(rule, problems);
});

test('rule: the Ingestor reads the candle and state stores read-only, to resume after the stored minutes', () => {
  const rule = 'Ingestor reads the stores read-only';
  const problems = [];
  const bigtable = local('bigtable_roles').body.ingestor;
  if (bigtable !== 'roles/bigtable.reader') problems.push(`local.bigtable_roles.ingestor must be "roles/bigtable.reader" (it reads the newest stored candles on start), was ${JSON.stringify(bigtable)}`);
  const readers = local('firestore_readers').body;
  if (!Array.isArray(readers) || !readers.includes('ingestor')) problems.push(`local.firestore_readers must list "ingestor" (it reads the LogicEngine watermark on start), was ${JSON.stringify(readers)}`);
  if (allStrings(local('firestore_users').body).some((t) => /\bingestor\b/.test(t))) problems.push('local.firestore_users must not list "ingestor": it writes nothing in Firestore');
  const viewerGrants = resources('google_project_iam_member').filter((g) => g.body.role === 'roles/datastore.viewer' && /local\.firestore_readers/.test(String(g.body.for_each)));
  if (viewerGrants.length !== 1) problems.push(`expected one google_project_iam_member granting roles/datastore.viewer for each of local.firestore_readers, found ${viewerGrants.length}`);
  for (const g of viewerGrants) {
    if (!one(g.body.condition)) problems.push(`${where(g)} has no condition limiting it to the (default) database`);
  }
  check(rule, problems);
});

test('rule: Cloud Build builds and deploys exactly the functions Terraform defines', () => {
  const rule = 'Cloud Build builds the functions Terraform defines';
  const problems = [];
  const text = readFileSync(cloudbuildFile, 'utf8');
  const line = text.match(/^\s*_FUNCTIONS:\s*(.+)$/m);
  if (!line) fail(rule, [`${cloudbuildFile} has no _FUNCTIONS substitution`]);
  const built = line[1].replace(/["']/g, '').trim().split(/\s+/).sort();
  const functions = local('functions').body;
  const defined = Object.values(functions).map((f) => f.project).sort();
  for (const p of defined) if (!built.includes(p)) problems.push(`cloudbuild.yaml _FUNCTIONS does not build ${p}, which services.tf deploys`);
  for (const p of built) if (!defined.includes(p)) problems.push(`cloudbuild.yaml _FUNCTIONS builds ${p}, which services.tf does not deploy`);
  // Names must agree: Terraform's image is lower(project), its service prefix-<key with "-">;
  // cloudbuild.yaml lower-cases the project for the image and kebab-cases it for the service.
  for (const [key, f] of Object.entries(functions)) {
    const kebab = f.project.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
    if (kebab !== key.replace(/_/g, '-')) problems.push(`function key "${key}" does not match the service name cloudbuild.yaml derives from ${f.project} ("${kebab}")`);
  }
  if (!/\$BUILD_ID/.test(text)) problems.push('cloudbuild.yaml does not tag images with $BUILD_ID (a tag every build has)');
  if (/:\$COMMIT_SHA|:\$\{COMMIT_SHA\}/.test(text)) problems.push('cloudbuild.yaml tags with $COMMIT_SHA, which is empty on manual builds');
  check(rule, problems);
});

test('rule: the probes ask the health path the host serves, and it does not end in "z" (Cloud Run reserves such paths)', () => {
  const rule = 'probes use the host health path';
  const problems = [];
  const hostFile = resolve(process.env.HOST_FILE ?? join(here, '..', '..', 'shared', 'CryptoSignalTracker.Hosting', 'FunctionHost.cs'));
  const hostPath = readFileSync(hostFile, 'utf8').match(/HealthPath\s*=\s*"([^"]+)"/)?.[1];
  if (!hostPath) fail(rule, [`${hostFile} declares no HealthPath constant`]);
  if (/z$/i.test(hostPath)) problems.push(`FunctionHost.HealthPath is "${hostPath}"; Cloud Run reserves paths ending in "z" (e.g. /healthz) and may answer them itself`);
  const healthVar = model.blocks.find((b) => b.kind === 'variable' && b.module === 'modules/function_service' && b.name === 'health_path');
  if (!healthVar || healthVar.body.default !== hostPath) problems.push(`modules/function_service variable "health_path" must default to the host's "${hostPath}", found ${healthVar?.body.default}`);
  for (const s of resources('google_cloud_run_v2_service')) {
    const container = one(one(s.body.template)?.containers);
    for (const probe of ['startup_probe', 'liveness_probe']) {
      const path = one(one(container?.[probe])?.http_get)?.path;
      if (path !== '${var.health_path}') problems.push(`${where(s)}.${probe}.http_get.path must be var.health_path, found ${path}`);
    }
  }
  for (const { file, text } of model.raw) {
    for (const m of text.matchAll(/\/[a-z]+z\b(?![.\w])/g)) if (/health|ready|live/.test(m[0])) problems.push(`${file} names ${m[0]}, a path Cloud Run reserves`);
  }
  check(rule, problems);
});

test('rule: the owner list has no default and its validation refuses an empty list and negative ids (issue 16, item 2)', () => {
  const rule = 'owner chat ids validated at plan';
  const problems = [];
  const v = model.blocks.find((b) => b.kind === 'variable' && b.module === 'root' && b.name === 'telegram_owner_chat_ids');
  if (!v) fail(rule, ['variables.tf has no variable "telegram_owner_chat_ids"']);
  // An empty default would let plan through and the webhook's startup probe fail at apply.
  if ('default' in v.body) problems.push(`variable telegram_owner_chat_ids has a default (${JSON.stringify(v.body.default)}); it must be required`);
  const condition = String(one(v.body.validation)?.condition ?? '');
  if (!/length\(var\.telegram_owner_chat_ids\)\s*>\s*0/.test(condition)) problems.push('its validation does not require at least one id (length(var.telegram_owner_chat_ids) > 0)');
  const pattern = condition.match(/regex\("((?:[^"\\]|\\.)*)"/)?.[1];
  if (!pattern) problems.push('its validation has no regex for the ids');
  else {
    const re = new RegExp(pattern.replace(/\\\\/g, '\\'));
    for (const bad of ['-1001234567890', '-5', '', 'me']) if (re.test(bad)) problems.push(`its regex ${pattern} accepts "${bad}"`);
    if (!re.test('123456789')) problems.push(`its regex ${pattern} refuses the user id "123456789"`);
  }
  check(rule, problems);
});

test('rule: a deploy by Cloud Build is not undone by the next apply (issue 16, item 6)', () => {
  const rule = 'Cloud Build changes ignored';
  const problems = [];
  const needed = [
    'template[0].containers[0].image',
    'client',
    'client_version',
    'template[0].annotations["client.knative.dev/user-image"]',
    'annotations["client.knative.dev/user-image"]',
  ];
  for (const s of resources('google_cloud_run_v2_service')) {
    const ignored = [].concat(one(s.body.lifecycle)?.ignore_changes ?? []).map((x) => String(x).replace(/^\$\{|\}$/g, ''));
    for (const n of needed) if (!ignored.includes(n)) problems.push(`${where(s)}.lifecycle.ignore_changes lacks ${n} (gcloud sets it on every deploy; without it every apply rolls a new revision)`);
  }
  check(rule, problems);
});

test('rule: only the webhook and the dashboard take traffic from the internet; the rest is internal-only (issue 16, item 9)', () => {
  const rule = 'internal ingress except the webhook and the dashboard';
  const problems = [];
  const functions = local('functions').body;
  for (const [key, f] of Object.entries(functions)) {
    const expected = PUBLIC_FUNCTIONS.includes(key) ? 'INGRESS_TRAFFIC_ALL' : 'INGRESS_TRAFFIC_INTERNAL_ONLY';
    if (f.ingress !== expected) problems.push(`local.functions.${key}.ingress is ${f.ingress}, expected ${expected}`);
  }
  for (const call of model.blocks.filter((b) => b.kind === 'module' && b.body.source === './modules/function_service')) {
    if (!/each\.value\.ingress/.test(String(call.body.ingress))) problems.push(`${where(call)}.ingress must come from local.functions (each.value.ingress), found ${call.body.ingress}`);
  }
  const ingressVar = model.blocks.find((b) => b.kind === 'variable' && b.module === 'modules/function_service' && b.name === 'ingress');
  if (!ingressVar || ingressVar.body.default !== 'INGRESS_TRAFFIC_INTERNAL_ONLY') problems.push('modules/function_service variable "ingress" must default to INGRESS_TRAFFIC_INTERNAL_ONLY');
  check(rule, problems);
});

test('rule: state is kept in a gcs backend given at init (issue 16, item 10)', () => {
  const rule = 'state in a gcs backend';
  const problems = [];
  const roots = model.blocks.filter((b) => b.kind === 'terraform' && b.module === 'root');
  const backends = roots.map((t) => t.body.backend).filter(Boolean);
  if (backends.length !== 1) problems.push(`expected one backend block in the root terraform {}, found ${backends.length}`);
  for (const b of backends) {
    const gcs = one(b.gcs);
    if (!gcs) problems.push(`the backend is ${Object.keys(b).join(', ')}, not gcs`);
    // Partial configuration: the bucket comes from -backend-config, so no project's bucket is committed.
    else if (gcs.bucket) problems.push(`backend "gcs" names a bucket (${gcs.bucket}); leave it to terraform init -backend-config=backend.hcl`);
  }
  if (!model.raw.some((r) => r.file === 'backend.hcl.example') && !existsSync(join(tfDir, 'backend.hcl.example'))) problems.push('terraform/backend.hcl.example is missing');
  check(rule, problems);
});

test('rule: nothing races the API enablement on a fresh project (issue 16, item 4)', () => {
  const rule = 'service accounts wait for the APIs';
  const problems = [];
  for (const sa of resources('google_service_account', 'root')) {
    if (![].concat(sa.body.depends_on ?? []).some((d) => /google_project_service\.apis/.test(String(d)))) problems.push(`${where(sa)} has no depends_on = [google_project_service.apis]`);
  }
  const calls = model.blocks.filter((b) => b.kind === 'module' && b.module === 'root');
  for (const c of calls) {
    if (![].concat(c.body.depends_on ?? []).some((d) => /google_project_service\.apis/.test(String(d))) && /function_service|pubsub_topic/.test(String(c.body.source))) problems.push(`${where(c)} has no depends_on = [google_project_service.apis]`);
  }
  check(rule, problems);
});

test('rule: alert policies on log-based metrics wait for the metrics (issue 16, item 1)', () => {
  const rule = 'alerts wait for log metrics';
  const problems = [];
  for (const p of resources('google_monitoring_alert_policy')) {
    if (!allStrings(p.body).some((x) => /google_logging_metric\./.test(x))) continue;
    if (![].concat(p.body.depends_on ?? []).some((d) => /time_sleep\./.test(String(d)))) problems.push(`${where(p)} reads a log-based metric but does not depend on a time_sleep (404 "Cannot find metric(s)" on a fresh project)`);
  }
  check(rule, problems);
});

test('rule: the LogicEngine is one instance across revisions (service-level scaling, issue 16, item 13)', () => {
  const rule = 'single writer limited at service level';
  const problems = [];
  if (local('functions').body.logic_engine?.single_writer !== true) problems.push('local.functions.logic_engine.single_writer must be true');
  for (const s of resources('google_cloud_run_v2_service')) {
    const dyn = one(one(s.body.dynamic)?.scaling);
    const content = one(dyn?.content);
    if (!dyn || !/var\.single_writer/.test(String(dyn.for_each)) || content?.max_instance_count !== 1) problems.push(`${where(s)} needs a service-level scaling block with max_instance_count = 1 when var.single_writer`);
  }
  check(rule, problems);
});

test('rule: the SDK and the images are pinned together (global.json, Dockerfile, cloudbuild.yaml; issue 16, item 12)', () => {
  const rule = 'SDK and images pinned together';
  const problems = [];
  const root = resolve(process.env.REPO_DIR ?? join(here, '..', '..'));
  const globalJson = JSON.parse(readFileSync(join(root, 'global.json'), 'utf8')).sdk ?? {};
  const sdk = String(globalJson.version ?? '');
  if (!/^\d+\.\d+\.\d{3}$/.test(sdk)) problems.push(`global.json sdk.version "${sdk}" is not a full SDK version such as 10.0.401`);
  if (!['latestPatch', 'disable'].includes(globalJson.rollForward)) problems.push(`global.json rollForward is "${globalJson.rollForward}"; only latestPatch or disable keep the SDK pinned`);
  const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
  const dockerSdk = dockerfile.match(/^ARG DOTNET_SDK_VERSION=(\S+)/m)?.[1];
  const dockerRuntime = dockerfile.match(/^ARG DOTNET_RUNTIME_VERSION=(\S+)/m)?.[1];
  if (dockerSdk !== sdk) problems.push(`Dockerfile DOTNET_SDK_VERSION is ${dockerSdk}, global.json says ${sdk}`);
  if (!/^\d+\.\d+\.\d+$/.test(dockerRuntime ?? '')) problems.push(`Dockerfile DOTNET_RUNTIME_VERSION "${dockerRuntime}" is not a patch version such as 10.0.12`);
  else if (dockerRuntime.split('.').slice(0, 2).join('.') !== sdk.split('.').slice(0, 2).join('.')) problems.push(`Dockerfile runtime ${dockerRuntime} is not the SDK's ${sdk} major.minor`);
  for (const m of dockerfile.matchAll(/^FROM\s+(mcr\.microsoft\.com\/dotnet\/\S+)/gm)) {
    if (!/:\$\{DOTNET_(SDK|RUNTIME)_VERSION\}/.test(m[1])) problems.push(`Dockerfile FROM ${m[1]} does not use the pinned DOTNET_SDK_VERSION/DOTNET_RUNTIME_VERSION`);
  }
  const cloudbuild = readFileSync(cloudbuildFile, 'utf8');
  for (const m of cloudbuild.matchAll(/mcr\.microsoft\.com\/dotnet\/sdk:(\S+)/g)) {
    if (m[1] !== sdk) problems.push(`cloudbuild.yaml uses dotnet/sdk:${m[1]}, global.json says ${sdk}`);
  }
  check(rule, problems);
});

test('rule: every module has a README listing its inputs and outputs, and an example that calls it with every required input', async () => {
  const rule = 'modules documented and exemplified';
  const problems = [];
  const examplesDir = resolve(process.env.EXAMPLES_DIR ?? join(here, '..', '..', 'examples'));
  const moduleNames = [...new Set(model.blocks.filter((b) => b.module !== 'root').map((b) => b.module.replace(/^modules\//, '')))];
  const examples = existsSync(examplesDir) ? await load(examplesDir) : { blocks: [] };
  for (const name of moduleNames) {
    const variables = model.blocks.filter((b) => b.kind === 'variable' && b.module === `modules/${name}`);
    const outputs = model.blocks.filter((b) => b.kind === 'output' && b.module === `modules/${name}`);
    const readmePath = join(tfDir, 'modules', name, 'README.md');
    if (!existsSync(readmePath)) problems.push(`modules/${name} has no README.md`);
    else {
      const readme = readFileSync(readmePath, 'utf8');
      for (const v of [...variables, ...outputs]) if (!readme.includes('`' + v.name + '`')) problems.push(`modules/${name}/README.md does not list ${v.kind} ${v.name}`);
    }
    const calls = examples.blocks.filter((b) => b.kind === 'module' && String(b.body.source).endsWith(`/modules/${name}`));
    if (calls.length === 0) problems.push(`examples/ has no call of modules/${name}`);
    for (const c of calls) {
      for (const v of variables) if (!('default' in v.body) && !(v.name in c.body)) problems.push(`examples/${c.file}: module ${c.name} lacks the required input ${v.name}`);
      for (const arg of Object.keys(c.body)) if (!['source', 'depends_on', 'providers', 'for_each', 'count'].includes(arg) && !variables.some((v) => v.name === arg)) problems.push(`examples/${c.file}: module ${c.name} passes ${arg}, which modules/${name} does not declare`);
    }
  }
  check(rule, problems);
});

test('rule: the dashboard only reads (its account holds read-only roles: Bigtable reader, Datastore viewer, its secret)', () => {
  const rule = 'the dashboard reads only';
  const problems = [];
  const bigtableRoles = local('bigtable_roles').body;
  if (bigtableRoles.dashboard !== undefined && bigtableRoles.dashboard !== 'roles/bigtable.reader') problems.push(`iam.tf local.bigtable_roles.dashboard is ${bigtableRoles.dashboard}; only roles/bigtable.reader`);
  const namesDashboard = (v) => /\\?"dashboard\\?"/.test(JSON.stringify(v)); // HCL expressions come back as strings with escaped quotes
  if (namesDashboard(local('firestore_users').body)) problems.push('iam.tf local.firestore_users (roles/datastore.user, read and write) names the dashboard; it belongs in local.firestore_readers');
  const readers = local('firestore_readers').body;
  if (!namesDashboard(readers)) problems.push('iam.tf local.firestore_readers does not name the dashboard (it reads positions, trades and bias from Firestore)');
  for (const b of resources('google_project_iam_member')) {
    if (/local\.firestore_readers/.test(String(b.body.for_each)) && b.body.role !== 'roles/datastore.viewer') problems.push(`${where(b)} grants ${b.body.role} to local.firestore_readers; only roles/datastore.viewer`);
  }
  // Any grant that names the dashboard's account directly.
  for (const b of model.blocks.filter((x) => x.kind === 'resource' && /_iam_member$/.test(x.type))) {
    const text = JSON.stringify(b.body);
    if (/module\.function\[\\?"dashboard\\?"\]/.test(text) && !DASHBOARD_READ_ONLY_ROLES.includes(b.body.role)) problems.push(`${where(b)} grants ${b.body.role} to the dashboard; it may hold only ${DASHBOARD_READ_ONLY_ROLES.join(', ')}`);
  }
  for (const { file, text } of model.raw) {
    if (file === 'pubsub.tf' && /module\.function\["dashboard"\]/.test(text)) problems.push('pubsub.tf names the dashboard: it publishes nothing');
  }
  check(rule, problems);
});

test('rule: the bot and the dashboard share the link key, and the bot knows the dashboard\'s address', () => {
  const rule = 'the bot links to the dashboard';
  const problems = [];
  const secrets = local('secrets').body;
  const key = Object.entries(secrets).find(([, s]) => s.env === 'DASHBOARD_LINK_KEY')?.[0];
  if (!key) fail(rule, ['main.tf local.secrets declares no secret for DASHBOARD_LINK_KEY']);
  const functionSecrets = local('function_secrets').body;
  for (const f of ['telegram_webhook', 'dashboard']) {
    if (!JSON.stringify(functionSecrets[f] ?? '').includes(`"${key}"`)) problems.push(`services.tf local.function_secrets.${f} lacks "${key}" (DASHBOARD_LINK_KEY)`);
  }
  const call = model.blocks.find((b) => b.kind === 'module' && b.body.source === './modules/function_service');
  const env = String(call?.body.env ?? '');
  if (!/each\.key\s*==\s*\\?"telegram_webhook\\?"\s*\?\s*\{\s*Telegram__Bot__DashboardUrl\s*=\s*local\.dashboard_url/.test(env)) problems.push('the webhook does not get Telegram__Bot__DashboardUrl = local.dashboard_url (BotOptions.DashboardUrl, the links\' address)');
  const url = String(local('dashboard_url').body);
  if (!/^https:\/\/\$\{var\.name_prefix\}-dashboard-\$\{local\.project_number\}\.\$\{var\.region\}\.run\.app$/.test(url)) problems.push(`local.dashboard_url is ${url}, not the dashboard service's Cloud Run URL (https://\${var.name_prefix}-dashboard-\${local.project_number}.\${var.region}.run.app)`);
  check(rule, problems);
});
