// The `manifold` command line: start, check-config, export, import, --help, --version (commander).
import { Command } from "commander";
import { ConfigError, loadConfig, readDefaults, type Config } from "./config/load.js";
import { environmentHelp } from "./config/env.js";
import { createApp } from "./app.js";
import { explainStartupError } from "./startup-errors.js";
import { VERSION } from "./version.js";
import { exportFromRunning } from "./http/admin-client.js";
import { SCHEMA_VERSION } from "./store/db.js";
import { exportOffline } from "./store/offline.js";
import { importSnapshot } from "./store/snapshot-import.js";
import { writeSnapshot } from "./store/snapshot-output.js";

const program = new Command()
  .name("manifold")
  .description("XMPP component: topics, nested groups and chat-state privacy for Prosody and ejabberd")
  .version(VERSION, "-v, --version")
  .showHelpAfterError()
  // Every command's help ends with the variables, from the table the loader applies (config/env.ts).
  .addHelpText(
    "afterAll",
    () =>
      "\nSettings: config/default.yaml, then --config FILE, then the environment [default]:\n" +
      environmentHelp(readDefaults()),
  );

program
  .command("start")
  .description("connect to the XMPP server and serve until SIGTERM or SIGINT")
  .option("-c, --config <file>", "YAML configuration file")
  .action(async (options: { config?: string }) => {
    const config = loadConfig(options.config ? { file: options.config } : {});
    const app = await createApp(config).catch((err: unknown) => {
      throw explained(err, config);
    });
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      app.log.info({ signal }, "stopping");
      app.stop().then(
        () => process.exit(0),
        (err: unknown) => {
          app.log.error({ err }, "unclean stop");
          process.exit(1);
        },
      );
    };
    process.on("SIGTERM", () => stop("SIGTERM"));
    process.on("SIGINT", () => stop("SIGINT"));
    // A bug must not take the service down silently: log it; the process stays up.
    process.on("unhandledRejection", (err) => app.log.error({ err }, "unhandled rejection"));
    await app.start().catch(async (err: unknown) => {
      // Give back what start took (the HTTP port, the admin file, the store's lock), bounded.
      await Promise.race([app.stop().catch(() => undefined), delay(STOP_AFTER_FAILURE_MS)]);
      throw explained(err, config);
    });
  });

/** How long a start-up that failed may take to undo itself before the process exits anyway. */
const STOP_AFTER_FAILURE_MS = 10_000;

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A start-up failure of a known cause as its one line (startup-errors.ts); others as they are. */
function explained(err: unknown, config: Config): unknown {
  const line = explainStartupError(err, config);
  return line === undefined ? err : new Error(line, { cause: err });
}

program
  .command("check-config")
  .description("load and validate the configuration, print it without secrets, and exit")
  .option("-c, --config <file>", "YAML configuration file")
  .action((options: { config?: string }) => {
    const config = loadConfig(options.config ? { file: options.config } : {});
    const shown = {
      ...config,
      server: { ...config.server, secret: "(set)", secretFile: config.server.secretFile },
    };
    process.stdout.write(`configuration is valid\n${JSON.stringify(shown, null, 2)}\n`);
  });

interface StoreOptions {
  config?: string;
  data?: string;
}

/** The store directory: --data, else the configuration's `data`. Export and import need nothing
 * else, so a secret missing from this shell (it is the service's) is no reason to refuse. */
function dataDirOf(options: StoreOptions): string {
  if (options.data) return options.data;
  const env = { MANIFOLD_SECRET: "(not needed)", ...process.env };
  return loadConfig({ ...(options.config ? { file: options.config } : {}), env }).data;
}

program
  .command("export")
  .description("write a consistent snapshot of all stored state as JSON lines (while Manifold runs, or not)")
  .option("-c, --config <file>", "YAML configuration file (for the data directory)")
  .option("-d, --data <dir>", "the store directory (default: the configuration's data)")
  .option("-o, --out <file>", "write to this file (created only once the export is complete); default stdout")
  .action(async (options: StoreOptions & { out?: string }) => {
    const dir = dataDirOf(options);
    const about = { manifold: VERSION, now: () => new Date() };
    const lines = (await exportFromRunning(dir)) ?? exportOffline(dir, about);
    const records = await writeSnapshot(lines, options.out);
    process.stderr.write(
      `exported ${records} records from ${dir}${options.out ? ` to ${options.out}` : ""}\n`,
    );
  });

program
  .command("import")
  .description("restore an export into an empty store that no Manifold runs on")
  .argument("<file>", "a file written by manifold export")
  .option("-c, --config <file>", "YAML configuration file (for the data directory)")
  .option("-d, --data <dir>", "the store directory (default: the configuration's data)")
  .action(async (file: string, options: StoreOptions) => {
    const dir = dataDirOf(options);
    const { header, records } = await importSnapshot(file, dir);
    const later =
      header.schema < SCHEMA_VERSION ? `; the next start migrates it to schema ${SCHEMA_VERSION}` : "";
    process.stderr.write(
      `imported ${records} records (schema ${header.schema}, exported ${header.exportedAt} by Manifold ${header.manifold}) into ${dir}${later}\n`,
    );
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof ConfigError) process.stderr.write(`${err.message}\n`);
  else process.stderr.write(`manifold: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
