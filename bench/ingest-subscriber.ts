/**
 * The plain subscriber of bench:ingest, in its own process like the platform: counts what the broker delivers and
 * prints `count firstMs lastMs` (performance.timeOrigin-based ms) on stdin close. No parsing: the broker's pass-through.
 */
import mqtt from 'mqtt';

const [url, clientId] = [process.argv[2]!, process.argv[3]!];
const client = mqtt.connect(url, { protocolVersion: 4, clean: true, clientId, reconnectPeriod: 0 });
let got = 0;
let first = 0;
let last = 0;
client.on('message', () => {
  const now = performance.timeOrigin + performance.now();
  if (!got) first = now;
  got++;
  last = now;
});
client.on('connect', () => {
  client.subscribe(['liftsafe/v1/+/+', '/device/+/+/thing/event/+/post/#'], { qos: 0 }, () => process.stdout.write('ready\n'));
});
process.stdin.on('data', () => process.stdout.write(`${got} ${first} ${last}\n`));
process.stdin.on('end', () => process.exit(0));
