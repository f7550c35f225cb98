// PostGraphile 4 in library mode, the baseline of bench/graphql.py.
//
// It serves the same tables as our API, connected as the same application role
// (NOSUPERUSER, NOBYPASSRLS), and sets app.current_org per request from the same RS256
// access token our API verifies, so row-level security filters exactly as it does for
// our API. Not part of the product: bench/graphql.py installs postgraphile@4 into a
// temporary folder and runs this file with NODE_PATH pointing there.
//
// Environment: DATABASE_URL (application role), PORT, JWT_PUBLIC_KEY (PEM),
// JWT_ISSUER, JWT_AUDIENCE, WORKERS (processes, default 1), POOL_SIZE (connections
// per process, default 20: what our API allows, pool plus overflow).
"use strict";

const cluster = require("node:cluster");
const http = require("node:http");
const jwt = require("jsonwebtoken");
const { Pool } = require("pg");
const { postgraphile } = require("postgraphile");

const env = process.env;
const workers = Number(env.WORKERS || "1");

function pgSettings(req) {
  const header = req.headers.authorization || "";
  const token = header.startsWith("Bearer ") ? header.slice(7) : "";
  // Throws on a bad token: PostGraphile answers with an error, as our API does.
  const claims = jwt.verify(token, env.JWT_PUBLIC_KEY, {
    algorithms: ["RS256"],
    issuer: env.JWT_ISSUER,
    audience: env.JWT_AUDIENCE,
  });
  return { "app.current_org": String(claims.org) };
}

function serve() {
  const pool = new Pool({
    connectionString: env.DATABASE_URL,
    max: Number(env.POOL_SIZE || "20"),
  });
  const middleware = postgraphile(pool, "public", {
    pgSettings,
    dynamicJson: true,
    ignoreRBAC: false,
    disableQueryLog: true,
    graphiql: false,
    watchPg: false,
    retryOnInitFail: false,
    legacyRelations: "omit",
    setofFunctionsContainNulls: false,
  });
  http.createServer(middleware).listen(Number(env.PORT), "127.0.0.1");
}

if (workers > 1 && cluster.isPrimary) {
  for (let i = 0; i < workers; i += 1) cluster.fork();
  process.on("SIGTERM", () => {
    for (const worker of Object.values(cluster.workers)) worker.process.kill("SIGTERM");
    process.exit(0);
  });
} else {
  serve();
}
