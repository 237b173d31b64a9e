// Post 001's Sequelize function, corrected: a token signed for each new connection, sent only over verified TLS.
import { readFileSync } from "node:fs";
import { Signer } from "@aws-sdk/rds-signer";
import { QueryTypes, Sequelize } from "sequelize";

const { DB_HOST, DB_PORT, DB_USER, DB_NAME, DB_CA_BUNDLE } = process.env;

// Signs with the function's role (AWS_ACCESS_KEY_ID... from Lambda), in AWS_REGION, for the proxy's endpoint.
export const signer = new Signer({ hostname: DB_HOST, port: Number(DB_PORT), username: DB_USER });

// The CAs to trust: a bundle of yours, or (undefined) Node's own, which hold the Amazon roots of the proxy's certificate.
const ca = DB_CA_BUNDLE ? readFileSync(DB_CA_BUNDLE) : undefined;

export const options = {
  dialect: "mysql", // on mysql2
  host: DB_HOST, // the proxy's endpoint, not the database's
  port: Number(DB_PORT),
  username: DB_USER,
  database: DB_NAME,
  dialectOptions: {
    ssl: { ca, verifyIdentity: true }, // mysql2 checks the certificate's host name only when asked to
    authPlugins: {
      // The proxy asks for the token in clear. mysql2 calls this for every new connection of the pool, so each
      // one gets a token signed then, and only over TLS: a server asks for the password before it checks TLS.
      mysql_clear_password:
        ({ connection }) =>
        async () => {
          if (!connection.stream.encrypted) throw new Error("refusing to send the IAM token without TLS");
          return Buffer.from(`${await signer.getAuthToken()}\0`);
        },
    },
  },
  pool: { max: 1 }, // a Lambda container runs one invocation at a time
  logging: false,
};

// A connection the proxy closed while the container was frozen fails at its first use after, with one of these.
const CLOSED = new Set(["EPIPE", "ECONNRESET", "PROTOCOL_CONNECTION_LOST"]);
const WHOAMI = "SELECT CURRENT_USER() AS user, CONNECTION_ID() AS connection";

let sequelize; // kept by the Lambda container between invocations

export const handler = async () => {
  sequelize ??= new Sequelize(options);
  let rows;
  try {
    rows = await sequelize.query(WHOAMI, { type: QueryTypes.SELECT });
  } catch (error) {
    if (!CLOSED.has(error.parent?.code)) throw error;
    rows = await sequelize.query(WHOAMI, { type: QueryTypes.SELECT }); // a read, run again: on a new connection
  }
  return rows[0];
};
