// The ping watchdog: a server that stops answering (its socket half-open, as when the process is
// frozen) is detected and dropped; Manifold reconnects once the server answers again.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, type XmppServer } from "../../scripts/lib/xmpp-server.js";
import { MANIFOLD_COMPONENTS } from "../helpers/server.js";
import { startManifold, type RunningManifold } from "../helpers/manifold.js";
import { registerAndConnect, xml } from "../helpers/users.js";
import { MUC } from "../helpers/rooms.js";

describe("the connection watchdog", function () {
  this.timeout(30000);
  let server: XmppServer;
  let manifold: RunningManifold;

  before(async () => {
    server = await startServer({ components: { ...MANIFOLD_COMPONENTS } });
    // Short intervals so the test runs in seconds; production defaults are 30 s / 10 s.
    const file = join(mkdtempSync(join(tmpdir(), "manifold-watchdog-")), "config.yaml");
    writeFileSync(
      file,
      "connection:\n  pingIntervalMs: 400\n  pingTimeoutMs: 400\n  reconnectInitialMs: 100\n  reconnectMaxMs: 400\n",
    );
    manifold = await startManifold(server, { env: { MANIFOLD_CONFIG: file, MANIFOLD_LOG_LEVEL: "error" } });
  });
  after(async () => {
    server.kill("SIGCONT");
    await manifold.stop();
    await server.stop();
  });

  it("drops a silent connection to a frozen server and is back once it thaws", async () => {
    const link = manifold.app.links[0]!;
    server.kill("SIGSTOP");
    await link.when("offline");
    server.kill("SIGCONT");
    await link.when("online");

    const [alice] = await registerAndConnect(server, ["watchdog-alice"]);
    await alice!.send(xml("presence", { to: "thawed@groups.localhost/Alice" }, xml("x", { xmlns: MUC })));
    await alice!.waitFor((el) => el.name === "message" && !!el.getChild("subject"));
    await alice!.stop();
  });
});
