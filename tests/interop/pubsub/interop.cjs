// Interop peer: Google's official Node.js Pub/Sub client against the emulator (PUBSUB_EMULATOR_HOST).
//   node interop.cjs publish <project> <topicId> <count>          publishes the reference messages, prints their ids (JSON)
//   node interop.cjs receive <project> <subscriptionId> <count> <timeoutMs>
//                                                                 prints each received message as one JSON line, acks it
// The reference message i (the C# test builds the same): data = bytes [i, 0, 255, 128] + UTF-8 "msg-i-✓",
// attributes {index: "i", unicode: "ünï ✓ 値"}, ordering key "key-(i % 2)".
'use strict';
const path = require('node:path');
const { PubSub } = require(path.join(__dirname, '.peer', 'node_modules', '@google-cloud', 'pubsub'));

function referenceMessage(i) {
  return {
    data: Buffer.concat([Buffer.from([i & 0xff, 0, 255, 128]), Buffer.from(`msg-${i}-✓`, 'utf8')]),
    attributes: { index: String(i), unicode: 'ünï ✓ 値' },
    orderingKey: `key-${i % 2}`,
  };
}

async function publish(project, topicId, count) {
  const pubsub = new PubSub({ projectId: project });
  const topic = pubsub.topic(topicId, { messageOrdering: true });
  const ids = [];
  for (let i = 0; i < count; i++) {
    ids.push(await topic.publishMessage(referenceMessage(i)));
  }
  await topic.flush();
  process.stdout.write(JSON.stringify(ids) + '\n');
  await pubsub.close();
}

async function receive(project, subscriptionId, count, timeoutMs) {
  const pubsub = new PubSub({ projectId: project });
  const subscription = pubsub.subscription(subscriptionId);
  let received = 0;
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`received ${received} of ${count} messages within ${timeoutMs} ms`)), timeoutMs);
    subscription.on('error', (err) => { clearTimeout(timer); reject(err); });
    subscription.on('message', (m) => {
      process.stdout.write(JSON.stringify({
        id: m.id,
        data: m.data.toString('base64'),
        attributes: m.attributes,
        orderingKey: m.orderingKey || '',
      }) + '\n');
      m.ack();
      if (++received >= count) { clearTimeout(timer); resolve(); }
    });
  });
  await subscription.close();
  await pubsub.close();
}

async function main() {
  const [mode, project, name, count, timeoutMs] = process.argv.slice(2);
  if (!process.env.PUBSUB_EMULATOR_HOST) throw new Error('PUBSUB_EMULATOR_HOST is not set');
  if (mode === 'publish') return publish(project, name, Number(count));
  if (mode === 'receive') return receive(project, name, Number(count), Number(timeoutMs));
  throw new Error(`unknown mode '${mode}' (expected publish or receive)`);
}

main().catch((err) => { process.stderr.write(`interop: ${err.stack || err}\n`); process.exit(1); });
