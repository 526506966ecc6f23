#!/usr/bin/python3
"""test-case-flow-ui.py: one case from intake to refusal, as a visa specialist works it.

Usage: test-case-flow-ui.py DOSSIER_EXECUTABLE SCHEMA_DIR LOCALE_DIR

Starts the real `dossier` executable and drives it through AT-SPI accessible
names only (dogtail): a Chinese applicant filled from the passport lines, a
case for Germany, its generated checklist worked through (received,
translated, reviewed by a second person, notarized), a refusal with reasons;
then quits and starts again on the same replica and finds every value where
it was, searches for the case in Latin letters and in Chinese, refuses
passport lines with a wrong check digit without writing anything, and shows
the editor in Simplified Chinese.  Needs a display, a session bus and an
unlocked keyring (build-aux/test.sh gives all three).

Screenshots of every important step go to $DOSSIER_SCREENSHOT_DIR, by default
ui-screenshots/ in the build directory (next to app/dossier): never into the
source tree.  Look at them after a change to a page.
"""

import datetime
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time

import dogtail.config
import pyatspi

dogtail.config.config.checkForA11y = False
dogtail.config.config.searchCutoffCount = 40
dogtail.config.config.searchBackoffDuration = 0.25
dogtail.config.config.logDebugToFile = False
dogtail.config.config.logDebugToStdOut = False
from dogtail import predicate, rawinput, tree  # noqa: E402

EXE, SCHEMA_DIR, LOCALE_DIR = sys.argv[1:4]
SCREENSHOT_DIR = os.environ.get("DOSSIER_SCREENSHOT_DIR") or os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(EXE))), "ui-screenshots")
SCREENSHOT_PREFIX = "case-flow-"

# Closing a window that holds a GtkNotebook while an AT-SPI client is
# connected makes GTK 3 itself print this critical (reproduced with a bare
# GtkNotebook, nothing of ours).  The application therefore runs without
# G_DEBUG=fatal-criticals, which would abort it on quit; its stderr is read
# instead, and any other critical fails the test.
KNOWN_GTK_CRITICAL = "gtk_notebook_get_tab_label: assertion 'list != NULL' failed"

TODAY = datetime.date.today()
TRAVEL_FROM = (TODAY + datetime.timedelta(days=60)).isoformat()
TRAVEL_TO = (TODAY + datetime.timedelta(days=74)).isoformat()

# The accessible names this test reads in Chinese, as po/zh_CN.po has them.
ZH_CN = {
    "New case": "新建案件", "Cases": "案件", "Number of cases": "案件数量",
    "Case reference": "案件编号", "Save status": "保存状态",
    "Loading…": "正在加载…", "Case sections": "案件分区",
}

failures = []


def check(condition, message):
    print(("ok   " if condition else "FAIL ") + message, flush=True)
    if not condition:
        failures.append(message)
    return condition


# ---- Passport lines (ICAO 9303 TD3), built as app/domain/dossier-mrz.c does ----

def check_digit(text):
    values = {c: i for i, c in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")}
    values["<"] = 0
    return str(sum(values[c] * (7, 3, 1)[i % 3] for i, c in enumerate(text)) % 10)


def passport_lines(family, given, number, nationality, birth, sex, expiry):
    """The two lines of a passport; dates as YYMMDD."""
    name = (family + "<<" + given.replace(" ", "<")).ljust(39, "<")
    line1 = "P<" + nationality + name
    number_field = number.ljust(9, "<")
    personal = "<" * 14
    line2 = (number_field + check_digit(number_field) + nationality
             + birth + check_digit(birth) + sex + expiry + check_digit(expiry)
             + personal + "<")
    composite = line2[0:10] + line2[13:20] + line2[21:43]
    line2 += check_digit(composite)
    assert len(line1) == 44 and len(line2) == 44
    return line1, line2


WANG = passport_lines("WANG", "XIAOMING", "E12345678", "CHN", "880314", "M", "340520")
# The same passport read with one digit wrong: the birth date's check digit.
WRONG_DIGIT = "1" if WANG[1][19] != "1" else "2"
WANG_BAD_BIRTH_CHECK = (WANG[0], WANG[1][:19] + WRONG_DIGIT + WANG[1][20:])


# ---- The application, through its accessible names -----------------------------

def wait_until(what, condition, timeout=10.0):
    """Polls condition() until it returns something true; AT-SPI errors mean 'not yet'."""
    deadline = time.monotonic() + timeout
    last_error = None
    while True:
        try:
            value = condition()
            if value:
                return value
        except Exception as e:  # a widget going away or not there yet
            last_error = e
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}"
                               + (f" (last error: {last_error!r})" if last_error else ""))
        time.sleep(0.1)


class Dossier:
    """One run of the application, found on the accessibility bus by its pid."""

    def __init__(self, work, replica, label, language=None):
        env = dict(os.environ)
        env.update({
            "DOSSIER_REPLICA": replica,
            "GSETTINGS_BACKEND": "keyfile",
            "GSETTINGS_SCHEMA_DIR": SCHEMA_DIR,
            "DOSSIER_LOCALEDIR": LOCALE_DIR,
            "XDG_CONFIG_HOME": os.path.join(work, "config"),
        })
        env.pop("NO_AT_BRIDGE", None)
        # See KNOWN_GTK_CRITICAL: criticals are read from stderr, not made fatal.
        debug = [flag for flag in env.get("G_DEBUG", "").split(",")
                 if flag and flag not in ("fatal-criticals", "fatal-warnings")]
        env["G_DEBUG"] = ",".join(debug)
        if language:
            env.update({"LANGUAGE": language, "LANG": "C.UTF-8"})
        self.label = label
        self.names = ZH_CN if language == "zh_CN" else {}
        self._editor = None
        self.stderr_path = os.path.join(work, f"stderr-{label}.txt")
        self.stderr = open(self.stderr_path, "w", encoding="utf-8")
        self.process = subprocess.Popen([EXE], env=env, stderr=self.stderr)
        try:
            self.app = self._find_application()
            # Ctrl+N works once the replica is open: its button says when.
            button = self.find("push button", self.name("New case"))
            wait_until("the replica to open", lambda: button.sensitive, timeout=20)
        except Exception:
            self.kill()
            raise

    def _find_application(self):
        for _ in range(200):
            for app in tree.root.applications():
                try:
                    if app.get_process_id() == self.process.pid:
                        return app
                except Exception:
                    pass
            if self.process.poll() is not None:
                raise RuntimeError(f"dossier exited with {self.process.returncode} at start")
            time.sleep(0.1)
        raise RuntimeError("dossier never appeared on the accessibility bus")

    # Finding -----------------------------------------------------------------

    def name(self, english):
        """An accessible name in the language the application runs in."""
        return self.names.get(english, english)

    def find(self, role, name, within=None, retry=True, showing=True):
        return (within or self.app).findChild(
            predicate.GenericPredicate(name=name, roleName=role), retry=retry,
            showingOnly=showing)

    def has(self, role, name, within=None):
        try:
            self.find(role, name, within, retry=False)
            return True
        except tree.SearchError:
            return False

    def editor(self):
        if self._editor is None:
            self._editor = self.find("page tab list", self.name("Case sections"))
        return self._editor

    def page(self):
        """The visible tab of the case editor."""
        tabs = self.editor()
        return wait_until("the selected tab", lambda: next(
            (tab for tab in tabs.children if tab.selected), None))

    def in_tab(self, role, name):
        """A control on the visible tab of the case editor, scrolled into view or not
        (AT-SPI calls a control "showing" only while it is inside the viewport)."""
        return self.find(role, name, within=self.page(), showing=False)

    # Acting ------------------------------------------------------------------

    def key(self, combo):
        rawinput.keyCombo(combo)

    def open_tab(self, name):
        tabs = self.editor()
        names = [tab.name for tab in tabs.children]
        tabs.querySelection().selectChild(names.index(name))
        wait_until(f"the {name} tab", lambda: tabs.children[names.index(name)].selected)

    def choose(self, combo, item):
        """Picks an item of a combo box as its popup would, without the popup's grab."""
        items = [child.name for child in combo.children[0].children]
        combo.querySelection().selectChild(items.index(item))
        wait_until(f"“{item}” in {combo.name}", lambda: chosen(combo) == item, timeout=5)

    def type_into(self, role, name, text):
        field = self.in_tab(role, name)
        field.text = text
        return field

    def screenshot(self, name):
        path = os.path.join(SCREENSHOT_DIR, f"{SCREENSHOT_PREFIX}{name}.png")
        result = subprocess.run(["import", "-window", "root", path],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        check(result.returncode == 0, f"screenshot {os.path.basename(path)} taken"
              + (f" ({result.stderr.decode().strip()})" if result.returncode else ""))

    # Reading -----------------------------------------------------------------

    @staticmethod
    def first_text_column(table):
        """While someone is logged in, column 0 of the case list is the "not yet
        synced" icon, a column without a title; the texts follow."""
        header = table.getColumnHeader(0) if table.nColumns > 0 else None
        return 1 if header is not None and not header.name else 0

    def case_rows(self):
        """The case list as the user reads it: one list of cell texts per row."""
        table = self.find("table", self.name("Cases")).queryTable()
        first = self.first_text_column(table)
        return [[table.getAccessibleAt(row, column).name for column in range(first, table.nColumns)]
                for row in range(table.nRows)]

    def count_text(self):
        return self.find("label", self.name("Number of cases")).text

    def select_case(self, reference):
        table = self.find("table", self.name("Cases")).queryTable()
        row = wait_until(f"the row of {reference}", lambda: next(
            (r for r in range(table.nRows)
             if table.getAccessibleAt(r, self.first_text_column(table)).name == reference),
            None), timeout=5)
        table.addRowSelection(row)
        wait_until(f"{reference} in the editor",
                   lambda: self.find("label", self.name("Case reference")).text == reference)
        wait_until(f"{reference} loaded", lambda: self.find(
            "label", self.name("Save status")).text != self.name("Loading…"))

    # Ending ------------------------------------------------------------------

    def quit(self):
        self.key("<Control>q")
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            check(False, f"{self.label}: Ctrl+Q quit within 20 s")
        self.stderr.close()
        self.check_stderr()
        return self.process.returncode

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.stderr.close()

    def check_stderr(self):
        with open(self.stderr_path, encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
        for line in lines:
            print(f"# dossier ({self.label}): {line}", flush=True)
        bad = [line for line in lines
               if ("CRITICAL" in line or "-WARNING **" in line or "ERROR" in line)
               and KNOWN_GTK_CRITICAL not in line]
        check(not bad, f"{self.label}: no critical, warning or error on stderr"
              + (f" (first: {bad[0]})" if bad else ""))


def chosen(combo):
    selection = combo.querySelection()
    return selection.getSelectedChild(0).name if selection.nSelectedChildren > 0 else None


def row_text(row):
    """Every visible label of a list row, as a screen reader would read it."""
    return [node.text for node in row.findChildren(
        predicate.GenericPredicate(roleName="label"), showingOnly=False) if node.visible]


def description_of(row, prefix):
    """The tooltip (accessible description) of the row's visible image that starts with prefix:
    the pipeline icons (translation, notarization, legalization) say their state so."""
    for image in row.findChildren(predicate.GenericPredicate(roleName="icon"), showingOnly=False):
        if image.visible and image.description.startswith(prefix):
            return image.description
    return None


def placed(node):
    """The node's extents while it is inside its viewport (GTK gives none outside)."""
    box = node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    return box if box.width > 1 and box.x > -10000 else None


def scroll_into_view(node):
    """Scrolls the nearest scrolled window until node is wholly inside it, for the screenshots."""
    def vertical_bar(pane):
        return next((child for child in pane.children if child.roleName == "scroll bar"
                     and child.getState().contains(pyatspi.STATE_VERTICAL)), None)

    # The nearest scrolled window that scrolls: a text view's own one may not.
    pane = node.parent
    while pane.roleName != "scroll pane" or vertical_bar(pane) is None \
            or vertical_bar(pane).queryValue().maximumValue <= 0:
        pane = pane.parent
    value = vertical_bar(pane).queryValue()
    start, step = value.currentValue, 48
    # Outside the viewport a widget has no extents: step until it comes in, down then up.
    down = [min(start + step * i, value.maximumValue) for i in range(1, 40)]
    up = [max(start - step * i, value.minimumValue) for i in range(1, 40)]
    for target in dict.fromkeys([start] + down + up):
        value.currentValue = target
        try:
            box = wait_until(f"{node.name} in view", lambda: placed(node), timeout=0.3)
            break
        except TimeoutError:
            continue
    else:
        raise TimeoutError(f"{node.name} never came into view")
    view = placed(pane)
    if box.y + box.height > view.y + view.height:
        value.currentValue = min(value.maximumValue, value.currentValue
                                 + box.y + box.height - view.y - view.height + 12)
    elif box.y < view.y:
        value.currentValue = max(value.minimumValue, value.currentValue - (view.y - box.y) - 12)
    time.sleep(0.2)  # one frame to draw the new position


def pick_item(dossier, title):
    """Selects a checklist row as a click would, even while it is scrolled out of view."""
    items = dossier.in_tab("list box", "Checklist items")
    titles = [row.name for row in items.children]
    items.querySelection().selectChild(titles.index(title))
    # The title is in the row, and in the item editor's heading once it shows the item.
    wait_until(f"{title} in the item editor", lambda: len(dossier.page().findChildren(
        predicate.GenericPredicate(name=title, roleName="label"), showingOnly=False)) >= 2)
    row = items.children[titles.index(title)]
    row.grabFocus()  # scrolls the list to the row, for the screenshots
    return row


# ---- The scenarios -------------------------------------------------------------

def intake(dossier):
    """Ctrl+N, the passport lines, the destination, the visa type and the dates."""
    dossier.key("<Control>n")
    wait_until("a new case in the editor",
               lambda: dossier.find("label", "Applicant").text == "New applicant")
    dossier.type_into("text", "Passport lines", WANG[0] + "\n" + WANG[1])
    message = dossier.in_tab("label", "Passport lines error")
    wait_until("the passport lines to parse", lambda: "check digit" in message.text)
    fill = dossier.in_tab("push button", "Fill from passport lines")
    check(fill.sensitive, "valid passport lines make “Fill from passport lines” available")
    fill.doActionNamed("click")
    wait_until("the fields to fill", lambda: dossier.in_tab("text", "Family name").text == "WANG")
    check(message.text == "Filled from the passport lines; every check digit is correct.",
          f"the passport lines are accepted: “{message.text}”")
    expected = {
        ("text", "Family name"): "WANG",
        ("text", "Given names"): "XIAOMING",
        ("text", "Passport number"): "E12345678",
        ("text", "Birth date"): "1988-03-14",
        ("text", "Passport expiry date"): "2034-05-20",
    }
    for (role, name), value in expected.items():
        text = dossier.in_tab(role, name).text
        check(text == value, f"{name} is filled from the passport lines: “{text}”")
    check(chosen(dossier.in_tab("combo box", "Sex")) == "Male", "Sex is filled: Male")
    for name in ("Nationality", "Issuing state"):
        entry = dossier.in_tab("combo box", name).child(roleName="text")
        check(entry.text == "China (CHN)", f"{name} is filled: “{entry.text}”")
    dossier.type_into("text", "Native name", "王小明")
    dossier.screenshot("01-applicant-filled")

    dossier.open_tab("Travel")
    destination = dossier.in_tab("combo box", "Destination").child(roleName="text")
    destination.text = "Germany"
    dossier.choose(dossier.in_tab("combo box", "Visa type"), "Business")
    dossier.type_into("text", "Travel from", TRAVEL_FROM)
    dossier.type_into("text", "Travel to", TRAVEL_TO)
    subtitle = dossier.find("label", "Destination and travel")
    wanted = f"Germany · Business · {TRAVEL_FROM} to {TRAVEL_TO}"
    wait_until("the travel in the header", lambda: subtitle.text == wanted)
    check(True, f"the header reads “{wanted}”")
    check(dossier.find("label", "Applicant").text == "WANG Xiaoming  王小明",
          f"the header names the applicant: “{dossier.find('label', 'Applicant').text}”")

    reference = dossier.find("label", "Case reference").text
    wait_until("the case in the list", lambda: any(
        row[0] == reference for row in dossier.case_rows()), timeout=10)
    row = next(row for row in dossier.case_rows() if row[0] == reference)
    check(row[1:4] == ["WANG Xiaoming 王小明", "Germany", "Business"],
          f"the list shows the case: {row[:4]}")
    check(dossier.count_text() == "1 case", f"the count reads “{dossier.count_text()}”")
    dossier.screenshot("02-travel")
    return reference


def checklist(dossier):
    """Documents: generate, receive the invitation letter, translate, review, notarize."""
    dossier.open_tab("Documents")
    dossier.in_tab("push button", "Generate checklist").doActionNamed("click")
    items = wait_until("the generated checklist",
                       lambda: dossier.in_tab("list box", "Checklist items").children)
    titles = [row.name for row in items]
    check("Invitation letter" in titles and "Passport" in titles,
          f"a business visa's checklist asks for the invitation letter: {titles}")
    row = pick_item(dossier, "Invitation letter")
    check("Requested" in row_text(row), f"the letter starts as requested: {row_text(row)}")

    dossier.in_tab("push button", "Mark received").doActionNamed("click")
    wait_until("the letter to be received", lambda: "Received" in row_text(row))
    check(True, f"“Mark received” shows in the row: {row_text(row)}")

    today = TODAY.isoformat()
    dossier.in_tab("toggle button", "Translation needed").doActionNamed("toggle")
    dossier.type_into("text", "Translator", "Zhang Wei")
    dossier.type_into("text", "Translated on", today)
    wait_until("the translation in the row", lambda: description_of(row, "Translated on"))
    check(True, f"the row shows the translation: “{description_of(row, 'Translated on')}”")

    # The translator cannot review their own translation: the message, and no write.
    dossier.type_into("text", "Reviewer", "zhang wei")
    dossier.type_into("text", "Reviewed on", today)
    message = "The translation by Zhang Wei must be reviewed by a different person"
    wait_until("the different-reviewer message",
               lambda: dossier.in_tab("label", message).visible)
    error = dossier.in_tab("label", message)
    scroll_into_view(error)
    check(True, f"the same person as reviewer is refused: “{error.text}”")
    dossier.screenshot("03-same-reviewer")
    time.sleep(1.0)  # the editor writes half a second after typing stops: give it the chance
    check(description_of(row, "Translated on") is not None
          and description_of(row, "Translation reviewed") is None,
          f"nothing of the review was saved: “{description_of(row, 'Translat')}”")

    dossier.type_into("text", "Reviewer", "Li Na")
    wait_until("the review in the row",
               lambda: description_of(row, "Translation reviewed on") is not None)
    check(not error.visible, "a second person's review clears the message")
    check(description_of(row, "Translation reviewed on") == f"Translation reviewed on {today}",
          f"the row shows the review: “{description_of(row, 'Translation reviewed')}”")

    dossier.in_tab("toggle button", "Notarization needed").doActionNamed("toggle")
    dossier.type_into("text", "Notarized on", today)
    wait_until("the notarization in the row",
               lambda: description_of(row, "Notarized on") == f"Notarized on {today}")
    check(True, f"the row shows the notarization: “{description_of(row, 'Notarized on')}”")
    scroll_into_view(dossier.in_tab("text", "Notarized on"))
    dossier.screenshot("04-checklist-item")


REFUSAL_REASONS = ("Purpose and conditions of the stay not justified",
                   "Insufficient means of subsistence")
REFUSAL_DETAILS = "The inviting company could not be reached; bank statements cover one month."


def refusal(dossier):
    """Submission & decision: refused, two reasons ticked, the details typed."""
    dossier.open_tab("Submission & decision")
    dossier.choose(dossier.in_tab("combo box", "Decision"), "Refused")
    for reason in REFUSAL_REASONS:
        button = dossier.in_tab("check box", f"Refusal reason: {reason}")
        button.doActionNamed("click")
        wait_until(f"“{reason}” ticked", lambda: button.checked, timeout=5)
    details = dossier.type_into("text", "Refusal details", REFUSAL_DETAILS)
    scroll_into_view(details)
    date = dossier.in_tab("text", "Decision date").text
    check(date == TODAY.isoformat(), f"a refusal is dated today unless told: “{date}”")
    dossier.screenshot("05-refusal")


def second_case(dossier):
    """Another applicant, so that a search has something to leave out."""
    dossier.key("<Control>n")
    wait_until("a new case in the editor",
               lambda: dossier.find("label", "Applicant").text == "New applicant")
    dossier.type_into("text", "Family name", "SCHMIDT")
    dossier.type_into("text", "Given names", "Anna")
    dossier.open_tab("Travel")
    dossier.in_tab("combo box", "Destination").child(roleName="text").text = "France"
    wait_until("the second case in the list", lambda: len(dossier.case_rows()) == 2)
    wait_until("the second case saved",
               lambda: dossier.find("label", "Save status").text == "All changes saved")
    check(dossier.count_text() == "2 cases", f"the count reads “{dossier.count_text()}”")
    dossier.screenshot("06-second-case")


def everything_kept(dossier, reference):
    """After a restart: every value typed before is shown again."""
    wait_until("both cases in the list", lambda: len(dossier.case_rows()) == 2)
    dossier.select_case(reference)
    check(dossier.find("label", "Applicant").text == "WANG Xiaoming  王小明",
          "the restarted editor shows the applicant")
    kept = {
        "Family name": "WANG", "Given names": "XIAOMING", "Native name": "王小明",
        "Passport number": "E12345678", "Birth date": "1988-03-14",
        "Passport expiry date": "2034-05-20",
    }
    for name, value in kept.items():
        text = dossier.in_tab("text", name).text
        check(text == value, f"after a restart, {name} is “{text}”")
    check(chosen(dossier.in_tab("combo box", "Sex")) == "Male", "after a restart, Sex is Male")
    dossier.screenshot("07-restart-applicant")

    dossier.open_tab("Travel")
    destination = dossier.in_tab("combo box", "Destination").child(roleName="text").text
    check(destination.startswith("Germany"),
          f"after a restart, the destination is “{destination}”")
    check(chosen(dossier.in_tab("combo box", "Visa type")) == "Business",
          "after a restart, the visa type is Business")
    for name, value in (("Travel from", TRAVEL_FROM), ("Travel to", TRAVEL_TO)):
        text = dossier.in_tab("text", name).text
        check(text == value, f"after a restart, {name} is “{text}”")

    dossier.open_tab("Documents")
    wait_until("the checklist", lambda: dossier.in_tab("list box", "Checklist items").children)
    row = pick_item(dossier, "Invitation letter")
    today = TODAY.isoformat()
    check("Received" in row_text(row), f"after a restart, the letter is received: {row_text(row)}")
    check(description_of(row, "Translation reviewed on") == f"Translation reviewed on {today}"
          and description_of(row, "Notarized on") == f"Notarized on {today}",
          "after a restart, the row shows the review and the notarization")
    for name, value in (("Translator", "Zhang Wei"), ("Translated on", today),
                        ("Reviewer", "Li Na"), ("Reviewed on", today), ("Notarized on", today)):
        text = wait_until(f"{name} loaded", lambda: dossier.in_tab("text", name).text, timeout=5)
        check(text == value, f"after a restart, {name} is “{text}”")
    scroll_into_view(dossier.in_tab("text", "Notarized on"))
    dossier.screenshot("08-restart-checklist")

    dossier.open_tab("Submission & decision")
    check(chosen(dossier.in_tab("combo box", "Decision")) == "Refused",
          "after a restart, the decision is Refused")
    ticked = [button.name for button in dossier.page().findChildren(
        predicate.GenericPredicate(roleName="check box"), showingOnly=False) if button.checked]
    wanted = [f"Refusal reason: {reason}" for reason in REFUSAL_REASONS]
    check(ticked == wanted, f"after a restart, exactly the two reasons are ticked: {ticked}")
    details = dossier.in_tab("text", "Refusal details")
    check(details.text == REFUSAL_DETAILS,
          f"after a restart, the details read “{details.text}”")
    scroll_into_view(details)
    dossier.screenshot("09-restart-refusal")


def search(dossier, reference):
    """Ctrl+F: a Latin prefix of the family name, then the Chinese given name."""
    dossier.key("<Control>f")
    entry = dossier.find("text", "Search cases and policy notes")
    wait_until("the search entry to take the keyboard", lambda: entry.focused, timeout=5)
    rawinput.typeText("wan")
    wait_until("the list to narrow", lambda: [row[0] for row in dossier.case_rows()] == [reference])
    check(True, "typing “wan” leaves only the WANG case")
    check(dossier.count_text() == "1 case",
          f"the count follows the search: “{dossier.count_text()}”")
    dossier.screenshot("10-search-latin")

    entry.text = "小明"
    wait_until("the Chinese search", lambda: entry.text == "小明")
    wait_until("the list after the Chinese search",
               lambda: [row[0] for row in dossier.case_rows()] == [reference])
    check(True, "“小明”, the native given name, finds the WANG case")
    dossier.screenshot("11-search-chinese")

    entry.text = "schm"
    wait_until("the other case",
               lambda: [row[1] for row in dossier.case_rows()] == ["SCHMIDT Anna"])
    check(True, "“schm” finds only the other case: the search does narrow")
    entry.text = ""
    wait_until("both cases again", lambda: len(dossier.case_rows()) == 2)
    dossier.key("Escape")


def bad_check_digit(dossier):
    """A new case, passport lines with one wrong check digit: the message, and no fill."""
    dossier.key("<Control>n")
    wait_until("a new case in the editor",
               lambda: dossier.find("label", "Applicant").text == "New applicant")
    dossier.type_into("text", "Passport lines", "\n".join(WANG_BAD_BIRTH_CHECK))
    message = dossier.in_tab("label", "Passport lines error")
    wanted = "The check digit of the date of birth does not match"
    wait_until("the check digit message", lambda: message.text == wanted)
    check(True, f"a wrong birth date check digit is named: “{message.text}”")
    check(not dossier.in_tab("push button", "Fill from passport lines").sensitive,
          "“Fill from passport lines” stays unavailable")
    for name in ("Family name", "Given names", "Passport number", "Birth date"):
        check(dossier.in_tab("text", name).text == "", f"{name} stays empty")
    status = dossier.find("label", "Save status").text
    check(status.startswith("Not saved yet"), f"the case says it is not saved: “{status}”")
    dossier.screenshot("12-bad-check-digit")


def nothing_written(dossier):
    """After the refused passport lines and a restart, still two cases."""
    # The list is read in one query: a third case would come with the first rows.
    rows = wait_until("the list", lambda: dossier.case_rows())
    check(len(rows) == 2 and dossier.count_text() == "2 cases",
          f"no case was written for the refused passport lines: {[row[:2] for row in rows]}")


def chinese(dossier, reference):
    """The same replica in Simplified Chinese."""
    check(dossier.has("radio button", "案件"), "the Cases page is “案件”")
    wait_until("both cases in the list", lambda: len(dossier.case_rows()) == 2)
    check(dossier.count_text() == "2 个案件", f"the count reads “{dossier.count_text()}”")
    row = next(row for row in dossier.case_rows() if row[0] == reference)
    check(row[2:4] == ["德国", "商务"],
          f"the list shows the destination and visa type in Chinese: {row[2:4]}")
    dossier.select_case(reference)
    tabs = [tab.name for tab in dossier.editor().children]
    wanted = ["申请人", "行程", "文件", "预约", "递交与结果", "费用与快递", "活动记录"]
    check(tabs == wanted, f"the editor's tabs are in Chinese: {tabs}")
    check(dossier.has("push button", "根据护照机读码填写"),
          "the passport lines button is “根据护照机读码填写”")
    dossier.screenshot("13-chinese-applicant")
    dossier.open_tab("递交与结果")
    box = dossier.in_tab("check box", "拒签原因：生活费用不足")
    scroll_into_view(box)
    check(box.checked, "a ticked refusal reason reads “拒签原因：生活费用不足”")
    dossier.screenshot("14-chinese-decision")


# ---- Running -------------------------------------------------------------------

def run(work, replica, label, steps, **kwargs):
    dossier = Dossier(work, replica, label, **kwargs)
    try:
        for step in steps:
            step(dossier)
    except Exception:
        dossier.screenshot(f"failed-{label}")
        dossier.kill()
        raise
    check(dossier.quit() == 0, f"{label}: Ctrl+Q quits cleanly")


def test_case_flow(work):
    replica = os.path.join(work, "data", "replica.db")
    reference = None

    def take_in(dossier):
        nonlocal reference
        reference = intake(dossier)

    run(work, replica, "first-run", [take_in, checklist, refusal, second_case])
    run(work, replica, "restart", [lambda d: everything_kept(d, reference),
                                   lambda d: search(d, reference), bad_check_digit])
    run(work, replica, "second-restart", [nothing_written])
    run(work, replica, "chinese", [lambda d: chinese(d, reference)], language="zh_CN")


def main():
    os.makedirs(SCREENSHOT_DIR, exist_ok=True)
    for old in glob.glob(os.path.join(SCREENSHOT_DIR, SCREENSHOT_PREFIX + "*.png")):
        os.remove(old)
    print(f"# screenshots in {SCREENSHOT_DIR}", flush=True)

    started = time.monotonic()
    work = tempfile.mkdtemp(prefix="dossier-case-flow-ui-")
    try:
        test_case_flow(work)
    except Exception as e:  # a crash or a missing widget fails the test with its reason
        check(False, f"the case flow raised {e!r}")
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"# {time.monotonic() - started:.1f} s", flush=True)
    print(f"{len(failures)} failed", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
