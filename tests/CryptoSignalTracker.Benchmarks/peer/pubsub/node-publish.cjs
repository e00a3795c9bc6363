// The Node.js side of the Pub/Sub publish benchmark: Google's official client (installed by
// tests/interop/pubsub/install-peer.sh) publishes N messages of the given size to the emulator with its default
// batching (100 messages / 1 MB / 10 ms, the same as ours) and prints the same JSON line as the .NET tool.
//   node node-publish.cjs <project> <topicId> <messages> <payloadBytes>      (PUBSUB_EMULATOR_HOST must be set)
'use strict';
const path = require('node:path');
const crypto = require('node:crypto');
const { PubSub } = require(path.join(__dirname, '..', '..', '..', 'interop', 'pubsub', '.peer', 'node_modules', '@google-cloud', 'pubsub'));

async function main() {
  const [project, topicId, countText, bytesText] = process.argv.slice(2);
  if (!process.env.PUBSUB_EMULATOR_HOST) throw new Error('PUBSUB_EMULATOR_HOST is not set');
  const count = Number(countText);
  const pubsub = new PubSub({ projectId: project });
  const [topics] = await pubsub.getTopics();
  if (!topics.some((t) => t.name.endsWith(`/topics/${topicId}`))) await pubsub.createTopic(topicId);
  const topic = pubsub.topic(topicId);
  const data = crypto.randomBytes(Number(bytesText));

  const cpuBefore = process.cpuUsage();
  const start = process.hrtime.bigint();
  const pending = new Array(count);
  for (let i = 0; i < count; i++) pending[i] = topic.publishMessage({ data });
  await Promise.all(pending);
  await topic.flush();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpuBefore);
  const cpu = (used.user + used.system) / 1e6;
  process.stdout.write(JSON.stringify({
    client: 'node', messages: count, seconds: +seconds.toFixed(3), messagesPerSecond: Math.round(count / seconds),
    cpuSeconds: +cpu.toFixed(3), messagesPerCpuSecond: Math.round(count / cpu),
  }) + '\n');
  await pubsub.close();
}

main().catch((err) => { process.stderr.write(`node-publish: ${err.stack || err}\n`); process.exit(1); });
