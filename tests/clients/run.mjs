// Runs a Node.js function of examples/functions as a Lambda container would: imported once, its handler called
// for each line (an event in JSON) read on stdin, each result or error printed as one JSON line.
//
//   node run.mjs <path of index.mjs> [--without-tls] [--sign-as USER] [--resolve NAME]
//
// --without-tls: the function's own options, every `ssl` setting in them removed.
// --sign-as USER: the function's signer signs for USER; it still logs in as DB_USER.
// --resolve NAME: the host name NAME is 127.0.0.1 (where the server's certificate does not name it).
import dns from "node:dns";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { "without-tls": { type: "boolean" }, "sign-as": { type: "string" }, resolve: { type: "string" } },
});
if (values.resolve) {
  const lookup = dns.lookup;
  dns.lookup = (host, ...rest) => lookup(host === values.resolve ? "127.0.0.1" : host, ...rest);
}
const fn = await import(pathToFileURL(positionals[0]).href);

const removeTls = (settings) => {
  delete settings.ssl;
  for (const value of Object.values(settings)) {
    if (value && typeof value === "object" && !Buffer.isBuffer(value)) removeTls(value);
  }
};
if (values["without-tls"]) removeTls(fn.options);
if (values["sign-as"]) fn.signer.username = values["sign-as"];

for await (const line of createInterface({ input: process.stdin })) {
  try {
    console.log(JSON.stringify({ result: await fn.handler(JSON.parse(line)) }));
  } catch (error) {
    console.log(JSON.stringify({ error: `${error.code ?? error.name}: ${error.message}` }));
  }
}
process.exit(0); // the function's pool would keep the process alive, as a Lambda container is kept
