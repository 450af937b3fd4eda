// The `manifold` command line: start, check-config, --help, --version (commander).
import { Command } from "commander";
import { ConfigError, loadConfig } from "./config/load.js";
import { createApp } from "./app.js";
import { VERSION } from "./version.js";

const program = new Command()
  .name("manifold")
  .description("XMPP component: topics, nested groups and chat-state privacy for Prosody and ejabberd")
  .version(VERSION, "-v, --version")
  .showHelpAfterError()
  .addHelpText(
    "after",
    `
Configuration: config/default.yaml, then --config FILE (or MANIFOLD_CONFIG), then the environment:
  MANIFOLD_SERVER=host:port    the XMPP server's component listener
  MANIFOLD_SECRET              the component secret (or MANIFOLD_SECRET_FILE=path)
  MANIFOLD_GROUPS_DOMAIN       component domain of the room service (groups.localhost)
  MANIFOLD_LISTS_DOMAIN        component domain of topics (lists.localhost)
  MANIFOLD_LOCAL_DOMAINS       comma-separated domains whose users may create rooms
  MANIFOLD_DATA                LevelDB directory
  MANIFOLD_LOG_LEVEL           fatal|error|warn|info|debug|trace|silent`,
  );

program
  .command("start")
  .description("connect to the XMPP server and serve until SIGTERM or SIGINT")
  .option("-c, --config <file>", "YAML configuration file")
  .action(async (options: { config?: string }) => {
    const config = loadConfig(options.config ? { file: options.config } : {});
    const app = await createApp(config);
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
    await app.start();
  });

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

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof ConfigError) process.stderr.write(`${err.message}\n`);
  else process.stderr.write(`manifold: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
