#!/usr/bin/python3
"""test-shell-ui.py: the application shell as a user and a screen reader see it.

Usage: test-shell-ui.py DOSSIER_EXECUTABLE SCHEMA_DIR LOCALE_DIR

Starts the real `dossier` executable several times and drives it through
AT-SPI accessible names only: first run creates the replica, the last page
and the preferences survive a restart, a replica file without a key gets the
error page and is left untouched, and the shell speaks Simplified Chinese.
Needs a display, a session bus and an unlocked keyring (build-aux/test.sh
gives all three).  Settings go to a keyfile in a temporary folder.
"""

import os
import shutil
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

EXE, SCHEMA_DIR, LOCALE_DIR = sys.argv[1:4]
failures = []


def check(condition, message):
    print(("ok   " if condition else "FAIL ") + message, flush=True)
    if not condition:
        failures.append(message)


class Shell:
    """One run of the application, found on the accessibility bus by its pid."""

    def __init__(self, work, replica, language=None):
        env = dict(os.environ)
        env.update({
            "DOSSIER_REPLICA": replica,
            "GSETTINGS_BACKEND": "keyfile",
            "GSETTINGS_SCHEMA_DIR": SCHEMA_DIR,
            "DOSSIER_LOCALEDIR": LOCALE_DIR,
            "XDG_CONFIG_HOME": os.path.join(work, "config"),
        })
        env.pop("NO_AT_BRIDGE", None)
        if language:
            env.update({"LANGUAGE": language, "LANG": "C.UTF-8"})
        self.process = subprocess.Popen([EXE], env=env)
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

    def find(self, role, name):
        return self.app.findChild(predicate.GenericPredicate(name=name, roleName=role),
                                  showingOnly=True)

    def has(self, role, name, retry=True):
        try:
            self.app.findChild(predicate.GenericPredicate(name=name, roleName=role),
                               retry=retry, showingOnly=True)
            return True
        except tree.SearchError:
            return False

    def key(self, combo):
        rawinput.keyCombo(combo)
        time.sleep(0.8)

    def quit(self):
        self.key("<Control>q")
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise
        return self.process.returncode


def keyfile(work):
    path = os.path.join(work, "config", "glib-2.0", "settings", "keyfile")
    with open(path, encoding="utf-8") as f:
        return f.read()


def test_first_run_and_restart(work):
    replica = os.path.join(work, "data", "replica.db")

    shell = Shell(work, replica)
    cases = shell.find("radio button", "Cases")
    check(cases is not None, "first run shows the Cases page switcher")
    check(os.path.isfile(replica), "first run created the replica file")
    for role, name in (("toggle button", "Search"), ("toggle button", "Main menu")):
        check(shell.has(role, name), f"the header bar has a {role} named “{name}”")
    shell.find("radio button", "Policy notes").click()
    time.sleep(0.5)

    shell.key("<Control>comma")
    for role, name in (("text", "Your name"), ("combo box", "Default office"),
                       ("spin button", "Days before a due date counts as soon"),
                       ("spin button", "Warn after this many days without a successful sync"),
                       ("spin button", "Escalate a case after this many days in one stage")):
        check(shell.has(role, name), f"Preferences has a {role} named “{name}”")
    shell.find("text", "Your name").text = "Li Wei"
    time.sleep(0.5)
    shell.key("Escape")
    check(shell.quit() == 0, "Ctrl+Q quits cleanly")

    settings = keyfile(work)
    check("author-name='Li Wei'" in settings, "the name typed in Preferences is saved")
    check("last-page='policy-notes'" in settings, "the visible page is saved on quit")

    shell = Shell(work, replica)
    policy = shell.find("radio button", "Policy notes")
    check(policy.checked, "a restart opens the same replica on the last page")
    shell.quit()


def test_file_without_key(work):
    replica = os.path.join(work, "foreign.db")
    content = b"somebody else's replica, encrypted with a key this keyring never saw"
    with open(replica, "wb") as f:
        f.write(content)

    shell = Shell(work, replica)
    check(shell.has("push button", "Try Again"), "a file without a key gets the error page")
    path_label = shell.find("label", "Replica file")
    check(path_label.text == replica, "the error page names the file")
    check(not shell.has("radio button", "Cases", retry=False),
          "no page can be reached without the replica")
    shell.find("push button", "Try Again").click()
    time.sleep(1.5)
    check(shell.has("push button", "Try Again"), "trying again refuses the file again")
    shell.quit()

    with open(replica, "rb") as f:
        check(f.read() == content, "the refused file is left byte for byte unchanged")
    check(sorted(os.listdir(work)) == ["config", "foreign.db"],
          "nothing was created next to the refused file")


def test_chinese(work):
    shell = Shell(work, os.path.join(work, "replica.db"), language="zh_CN")
    check(shell.has("radio button", "案件"), "the Cases page is “案件” in Chinese")
    check(shell.has("radio button", "政策笔记"), "the Policy notes page is “政策笔记” in Chinese")
    check(shell.has("toggle button", "主菜单"), "the main menu is “主菜单” in Chinese")
    shell.quit()


def main():
    for test in (test_first_run_and_restart, test_file_without_key, test_chinese):
        work = tempfile.mkdtemp(prefix="dossier-shell-ui-")
        try:
            print(f"# {test.__name__}", flush=True)
            test(work)
        except Exception as e:  # a crash or a missing widget fails this test, not the run
            check(False, f"{test.__name__} raised {e!r}")
        finally:
            shutil.rmtree(work, ignore_errors=True)

    print(f"{len(failures)} failed", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
