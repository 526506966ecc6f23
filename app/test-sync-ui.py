#!/usr/bin/python3
"""test-sync-ui.py: sync as a user sees it, against a real dossier-server.

Usage: test-sync-ui.py DOSSIER SERVER PEER SCHEMA_DIR LOCALE_DIR

Starts a real `dossier-server` on a loopback port with a store in a temporary
folder, makes an office and three users with its admin command, and has two
other specialists (PEER, test-sync-peer.c) change the same passport number
and the same days of stay while offline, and one delete a case the other
edits, so that the server holds three conflicts.  Then drives the real `dossier` through AT-SPI accessible names
only: logs in through the account dialog, sees the status go from "Not logged
in" to "Synced at", sees the conflicts badge, sees "Offline" when the server
stops, resolves the conflicts in the conflicts view while offline (the
critical one listed first; the deleted case by keeping it deleted, one by
typing a new value, checked as it is typed, the other by choosing the other
value; the resolutions wait as "3 changes not yet sent"), syncs with Ctrl+R once the server is back, checks with a fresh
peer that the chosen values reached the server, sees an edit another device
makes to the open case appear in its editor, and logs out.
Needs a display, a session bus and an unlocked keyring (build-aux/test.sh).
"""

import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time

import dogtail.config

dogtail.config.config.checkForA11y = False
dogtail.config.config.searchCutoffCount = 40
dogtail.config.config.searchBackoffDuration = 0.25
dogtail.config.config.logDebugToFile = False
dogtail.config.config.logDebugToStdOut = False
from dogtail import predicate, rawinput, tree  # noqa: E402

DOSSIER, SERVER, PEER, SCHEMA_DIR, LOCALE_DIR = sys.argv[1:6]
PASSWORD = "correct horse battery"
failures = []


def check(condition, message):
    print(("ok   " if condition else "FAIL ") + message, flush=True)
    if not condition:
        failures.append(message)


def shot(name):
    """With DOSSIER_SHOT_DIR set, a screenshot of the screen now, to look at."""
    folder = os.environ.get("DOSSIER_SHOT_DIR")
    if folder:
        time.sleep(0.7)
        subprocess.run(["import", "-window", "root", os.path.join(folder, name + ".png")],
                       check=False)


def wait_for(what, condition, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except Exception:  # a widget being rebuilt between two reads
            pass
        time.sleep(0.25)
    print(f"# gave up waiting until {what}", flush=True)
    return False


class Server:
    """dossier-server on 127.0.0.1 with a SQLite store in `work`."""

    def __init__(self, work):
        self.store = "--store=sqlite:" + os.path.join(work, "server.db")
        self.port = None
        self.process = None

    def admin(self, *args, password=None):
        result = subprocess.run([SERVER, "admin", self.store, *args], input=password, text=True,
                                capture_output=True, check=True)
        return result.stdout.strip()

    def start(self):
        for _ in range(20):
            port = self.port or random.randint(20000, 60000)
            self.process = subprocess.Popen([SERVER, f"--listen=127.0.0.1:{port}", self.store],
                                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    self.port = port
                    return
                except OSError:
                    if self.process.poll() is not None:
                        break
                    time.sleep(0.05)
            self.process.kill()
            self.process.wait()
        raise RuntimeError("dossier-server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=15)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"


class App:
    """One run of `dossier`, found on the accessibility bus by its pid."""

    def __init__(self, work):
        env = dict(os.environ)
        env.update({
            "DOSSIER_REPLICA": os.path.join(work, "replica.db"),
            "GSETTINGS_BACKEND": "keyfile",
            "GSETTINGS_SCHEMA_DIR": SCHEMA_DIR,
            "DOSSIER_LOCALEDIR": LOCALE_DIR,
            "XDG_CONFIG_HOME": os.path.join(work, "config"),
        })
        env.pop("NO_AT_BRIDGE", None)
        self.process = subprocess.Popen([DOSSIER], env=env)
        self.app = self._find_application()

    def _find_application(self):
        for _ in range(200):
            for app in tree.root.applications():
                try:
                    if app.get_process_id() == self.process.pid:
                        return app
                except Exception:
                    pass
            time.sleep(0.1)
        raise RuntimeError("dossier never appeared on the accessibility bus")

    def find(self, role, name, within=None, retry=True, showing=True):
        return (within or self.app).findChild(predicate.GenericPredicate(name=name, roleName=role),
                                              retry=retry, showingOnly=showing)

    def has(self, role, name, within=None):
        try:
            self.find(role, name, within, retry=False)
            return True
        except tree.SearchError:
            return False

    def status(self):
        return self.find("toggle button", "Sync status", retry=False).description

    def key(self, combo):
        rawinput.keyCombo(combo)
        time.sleep(0.8)

    def quit(self):
        self.key("<Control>q")
        try:
            return self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return None


def make_conflict(server, office):
    passwords = PASSWORD + "\n" + PASSWORD + "\n"
    out = subprocess.run([PEER, "conflict", "--server", server.url, "--office", office,
                          "--user", "wang.wei", "--user", "zhang.min"], input=passwords, text=True,
                         capture_output=True, timeout=120)
    if out.returncode != 0:
        raise RuntimeError("test-sync-peer conflict failed: " + out.stderr)
    return out.stdout.split()


def log_in(app, server):
    app.find("push button", "Log in to sync").click()
    dialog = app.find("dialog", "Account")
    app.find("text", "Server address", dialog).text = f"127.0.0.1:{server.port}"
    app.find("text", "User name", dialog).text = "li.na"
    app.find("password text", "Password", dialog).text = PASSWORD
    time.sleep(0.3)
    shot("login-form")
    app.find("push button", "Log in", dialog).click()
    check(wait_for("logged in", lambda: app.find("label", "Logged in as", dialog,
                                                 retry=False).text == "Logged in as li.na"),
          "the account dialog says “Logged in as li.na”")
    check(not app.has("push button", "Log in", dialog), "the login form gives way to the account")
    shot("account")
    app.key("Escape")


def resolve_by_typing(app, dialog):
    name = "Days of stay requested of DOS-2026-00101 · WANG Fang"
    row = app.find("list item", name, dialog)
    entry = app.find("text", "New value", row)
    entry.text = "forty"
    check(wait_for("the error", lambda: "A whole number" in app.find("label", "Conflict problem",
                                                                     row, retry=False).text, 5),
          "typing “forty” for a number says what is expected")
    check(not app.find("push button", "Resolve with new value", row).sensitive,
          "a value that is not a number cannot be chosen")
    entry.text = "21"
    check(wait_for("resolvable", lambda: app.find("push button", "Resolve with new value", row,
                                                  retry=False).sensitive, 5),
          "a whole number can be chosen")
    app.find("push button", "Resolve with new value", row).click()
    check(wait_for("the row is gone", lambda: not app.has("list item", name, dialog)),
          "resolving with a typed value removes its row")


def keep_deleted(app, dialog):
    name = "Purpose of Case (deleted)"
    # Below the fold: focusing its button scrolls it into view, as Tab would.
    app.find("push button", "Keep the record deleted", dialog, showing=False).grabFocus()
    row = app.find("list item", name, dialog)
    shot("conflict-deleted")
    check(app.find("label", "Current value text", row).text == "Deleted",
          "an edit of a deleted case shows the case as deleted")
    check(app.find("label", "Other value text", row).text == "Trade fair in Lyon",
          "the edit made while it was deleted is shown")
    check(not app.has("push button", "Use the other value", row),
          "a deleted case offers no value to put back")
    app.find("push button", "Keep the record deleted", row).click()
    check(wait_for("the row is gone", lambda: not app.has("list item", name, dialog)),
          "keeping the case deleted removes its row")


def resolve_offline(app):
    app.find("push button", "Conflicts").click()
    dialog = app.find("dialog", "Conflicts")
    rows = dialog.findChildren(predicate.GenericPredicate(roleName="list item"), showingOnly=True)
    names = [r.name for r in rows]
    check(names[:1] == ["Passport number of DOS-2026-00101 · WANG Fang"]
          and set(names[1:]) == {"Days of stay requested of DOS-2026-00101 · WANG Fang",
                                 "Purpose of Case (deleted)"},
          f"each conflict is named by its field, case and applicant, the critical one first {names}")
    check(app.has("label", "Important", rows[0]), "the passport number is marked as critical")
    shot("conflicts-view")
    keep_deleted(app, dialog)
    resolve_by_typing(app, dialog)

    current = app.find("label", "Current value text", dialog).text
    other = app.find("label", "Other value text", dialog).text
    check({current, other} == {"E11111111", "E22222222"},
          f"both values are shown side by side (current {current}, other {other})")
    app.find("push button", "Use the other value", dialog).click()
    check(wait_for("the list is empty", lambda: app.has("label", "No conflicts", dialog)),
          "resolving empties the conflicts view")
    check(wait_for("the badge is gone", lambda: not app.has("push button", "Conflicts"), 15),
          "the conflicts badge disappears")
    check(wait_for("changes wait", lambda: app.find("label", "Changes not yet sent",
                                                    retry=False).text == "3 changes not yet sent"),
          "the resolutions wait as “3 changes not yet sent” while offline")
    shot("resolved-offline")
    app.key("Escape")
    return other


def follow_remote_edit(app, server, case_id):
    """The open case shows what another device wrote to it, without reopening."""
    table = app.find("table", "Cases").queryTable()
    header = table.getColumnHeader(0) if table.nColumns > 0 else None
    first = 1 if header is not None and not header.name else 0
    rows = [r for r in range(table.nRows) if table.getAccessibleAt(r, first).name == "DOS-2026-00101"]
    check(len(rows) == 1, "the case is listed once")
    table.addRowSelection(rows[0])
    check(wait_for("the editor", lambda: app.find("label", "Case reference", retry=False).text
                   == "DOS-2026-00101", 10), "selecting the case opens it in the editor")
    tabs = app.find("page tab list", "Case sections")
    names = [tab.name for tab in tabs.children]
    tabs.querySelection().selectChild(names.index("Travel"))
    purpose = app.find("text", "Purpose")
    check(purpose.text == "", "the case has no purpose yet")
    peer = subprocess.run([PEER, "set", "--server", server.url, "--user", "zhang.min",
                           "--case", case_id, "--field", "purpose",
                           "--value", "Business meetings in Osaka"],
                          input=PASSWORD + "\n", text=True, capture_output=True, timeout=90)
    check(peer.returncode == 0, f"another device sets the purpose {peer.stderr.strip()}")
    check(wait_for("the pulled purpose", lambda: app.find("text", "Purpose", retry=False).text
                   == "Business meetings in Osaka", 20),
          f"the open case shows the purpose another device wrote (status {app.status()})")
    shot("editor-follows-pull")


def test_sync(work):
    server = Server(work)
    office = server.admin("add-office", "Beijing")
    for user in ("li.na", "wang.wei", "zhang.min"):
        server.admin("add-user", user, password=PASSWORD)
        server.admin("add-member", user, "Beijing")
    server.start()
    try:
        case_id, applicant = make_conflict(server, office)
        app = App(work)
        check(wait_for("signed out", lambda: app.status() == "Not logged in"),
              "a new replica says “Not logged in”")
        shot("signed-out")
        log_in(app, server)
        check(wait_for("synced", lambda: app.status().startswith("Synced at"), 60),
              f"the status changes to “Synced at …” (now “{app.status()}”)")
        check(wait_for("the badge", lambda: app.find("push button", "Conflicts", retry=False)
                       .description == "3 conflicts to resolve"),
              "the conflicts button shows the conflict pulled from the server")
        shot("synced")

        server.stop()
        check(wait_for("offline", lambda: app.status() == "Offline", 30),
              "stopping the server shows “Offline”, not an error")
        shot("offline")
        chosen = resolve_offline(app)

        server.start()
        time.sleep(0.5)
        app.key("<Control>r")
        check(wait_for("synced again", lambda: app.status().startswith("Synced at"), 20),
              "Ctrl+R syncs at once when the server is back")
        check(wait_for("sent", lambda: not app.has("label", "Changes not yet sent"), 20),
              "the change is sent and its count disappears")
        peer = subprocess.run([PEER, "expect", "--server", server.url, "--user", "wang.wei",
                               "--case", case_id, "--applicant", applicant, "--value", chosen,
                               "--days", "21"],
                              input=PASSWORD + "\n", text=True, capture_output=True, timeout=90)
        check(peer.returncode == 0,
              f"another device sees {chosen}, 21 days and no conflict {peer.stderr.strip()}")
        follow_remote_edit(app, server, case_id)

        app.key("F10")
        app.find(None, "Account…").click()
        dialog = app.find("dialog", "Account")
        app.find("push button", "Log out", dialog).click()
        check(app.has("push button", "Log in", dialog), "logging out shows the login form again")
        check(app.find("text", "Server address", dialog).text == server.url,
              "the server address stays filled in")
        app.key("Escape")
        check(wait_for("signed out", lambda: app.status() == "Not logged in"),
              "after logging out the status says “Not logged in”")
        check(app.quit() == 0, "Ctrl+Q quits cleanly with the engine running")
    finally:
        if server.process and server.process.poll() is None:
            server.stop()


def main():
    work = tempfile.mkdtemp(prefix="dossier-sync-ui-")
    try:
        test_sync(work)
    except Exception as e:  # a crash or a missing widget fails the test
        check(False, f"test_sync raised {e!r}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{len(failures)} failed", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
