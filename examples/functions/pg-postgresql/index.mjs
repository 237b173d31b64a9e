// node-postgres (pg) on a PostgreSQL proxy: a token signed for each new connection, sent over verified TLS.
import { readFileSync } from "node:fs";
import { Signer } from "@aws-sdk/rds-signer";
import pg from "pg";

const { DB_HOST, DB_PORT, DB_USER, DB_NAME, DB_CA_BUNDLE } = process.env;

// Signs with the function's role (AWS_ACCESS_KEY_ID... from Lambda), in AWS_REGION, for the proxy's endpoint.
export const signer = new Signer({ hostname: DB_HOST, port: Number(DB_PORT), username: DB_USER });

// The CAs to trust: a bundle of yours, or (undefined) Node's own, which hold the Amazon roots of the proxy's certificate.
const ca = DB_CA_BUNDLE ? readFileSync(DB_CA_BUNDLE) : undefined;

export const options = {
  host: DB_HOST, // the proxy's endpoint, not the database's
  port: Number(DB_PORT),
  user: DB_USER,
  database: DB_NAME,
  ssl: { ca }, // pg checks the chain and the host name
  password: () => signer.getAuthToken(), // pg calls it for every new connection: a token signed then
  max: 1, // a Lambda container runs one invocation at a time
};

let pool; // kept by the Lambda container between invocations

export const handler = async () => {
  if (!pool) {
    pool = new pg.Pool(options);
    // A connection the proxy or the server closed while idle: the pool drops it and opens another when asked.
    // Without a listener, that error would end the process.
    pool.on("error", (error) => console.warn(`idle connection closed: ${error.message}`));
  }
  const { rows } = await pool.query("SELECT current_user AS user, pg_backend_pid() AS connection");
  return rows[0];
};
