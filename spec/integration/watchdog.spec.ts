// The ping watchdog: a server that stops answering (its socket half-open, as when the process is
// frozen) is detected and dropped; Manifold reconnects once the server answers again.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startProsody, type Prosody } from "../../scripts/lib/prosody.js";
import { MANIFOLD_COMPONENTS } from "../helpers/prosody.js";
import { startManifold, type RunningManifold } from "../helpers/manifold.js";
import { registerAndConnect, xml } from "../helpers/users.js";
import { MUC } from "../helpers/rooms.js";

describe("the connection watchdog", function () {
  this.timeout(30000);
  let prosody: Prosody;
  let manifold: RunningManifold;

  before(async () => {
    prosody = await startProsody({ components: { ...MANIFOLD_COMPONENTS } });
    // Short intervals so the test runs in seconds; production defaults are 30 s / 10 s.
    const file = join(mkdtempSync(join(tmpdir(), "manifold-watchdog-")), "config.yaml");
    writeFileSync(
      file,
      "connection:\n  pingIntervalMs: 400\n  pingTimeoutMs: 400\n  reconnectInitialMs: 100\n  reconnectMaxMs: 400\n",
    );
    manifold = await startManifold(prosody, { env: { MANIFOLD_CONFIG: file, MANIFOLD_LOG_LEVEL: "error" } });
  });
  after(async () => {
    prosody.kill("SIGCONT");
    await manifold.stop();
    await prosody.stop();
  });

  it("drops a silent connection to a frozen server and is back once it thaws", async () => {
    const link = manifold.app.links[0]!;
    prosody.kill("SIGSTOP");
    await link.when("offline");
    prosody.kill("SIGCONT");
    await link.when("online");

    const [alice] = await registerAndConnect(prosody, ["watchdog-alice"]);
    await alice!.send(xml("presence", { to: "thawed@groups.localhost/Alice" }, xml("x", { xmlns: MUC })));
    await alice!.waitFor((el) => el.name === "message" && !!el.getChild("subject"));
    await alice!.stop();
  });
});
