#!/usr/bin/env python3
"""Drives the web console (/console/) in headless Chromium with Selenium.

Usage:
  python3 scripts/console-browser-test.py --url http://127.0.0.1:PORT --token ADMIN_TOKEN \
      --reader-token READER_TOKEN --exception EXC_ID \
      --fix 'system=erp,kind=items,code=ERP-100234,id=GLOVE-M,unit=BX' [--screenshots DIR]

Needs selenium (4.x), /usr/bin/chromium and /usr/bin/chromedriver (Debian's chromium and
chromium-driver). Every wait is explicit (WebDriverWait, at most 60 s: the suite runs it beside hundreds of other tests on 2 cores), never a fixed sleep.

Steps: signs in with the admin token and reads the overview; opens the exception from the
queue and checks the destination's answer is shown; fixes a mapping, previews the retry and
resolves with `retry`; reads the audit log; with --drift-system and --drift-item, finds the item
on the Master data page, shows the system's drift and the item's versions, and accepts the
drift exception's value; logs out, signs in with the reader token and checks that no action is
offered; posts an assignment from the page without the CSRF header.

Prints one JSON line on stdout (the last line):
  {"overview":{"openExceptions":N,"systems":{"erp":"down",...}},
   "exception":{"showsAnswer":true,"preview":"...","statusAfterResolve":"resolved"},
   "reader":{"resolveButtons":0,"fixForm":false},"forgedWriteStatus":403,
   "masterdata":{"items":[...],"driftFields":[...],"historyVersions":N,"acceptStatus":"resolved"}}
On failure: a message naming the step on stderr (and a screenshot when --screenshots is
given), exit status 1.
"""
import argparse
import json
import os
import re
import sys

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

WAIT_SECONDS = 60


class StepFailed(Exception):
    pass


def parse_args():
    parser = argparse.ArgumentParser(description="Browser test of the Suture web console.")
    parser.add_argument("--url", required=True, help="the hub's base URL, e.g. http://127.0.0.1:8080")
    parser.add_argument("--token", required=True, help="an admin client token")
    parser.add_argument("--reader-token", required=True, help="a client token without write scopes")
    parser.add_argument("--exception", required=True, help="the id of an open delivery-failure exception")
    parser.add_argument("--reader-exception",
                        help="an exception still open when the reader looks (default: --exception); the admin sees its buttons first")
    parser.add_argument("--fix", required=True, help="system=S,kind=K,code=C,id=ID[,unit=U]")
    parser.add_argument("--screenshots", help="a directory for screenshots")
    parser.add_argument("--drift-system", help="a system with one drifted item: the Master data page shows its drift")
    parser.add_argument("--drift-item", help="the drifted item, whose drift exception is accepted from the browser")
    parser.add_argument("--requisition", help="a proposed requisition, approved from the Stock page (which also accepts its first suggested transfer)")
    args = parser.parse_args()
    fix = {}
    for part in args.fix.split(","):
        if "=" not in part:
            parser.error(f"--fix: '{part}' is not key=value")
        key, value = part.split("=", 1)
        fix[key.strip()] = value.strip()
    missing = [k for k in ("system", "kind", "code", "id") if not fix.get(k)]
    if missing:
        parser.error(f"--fix lacks {', '.join(missing)}")
    args.fix = fix
    args.url = args.url.rstrip("/")
    return args


def make_driver():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


class ConsoleTest:
    def __init__(self, driver, args):
        self.driver = driver
        self.args = args
        self.step = "start"

    # ----- helpers -----
    def wait(self, condition, what):
        """Waits up to WAIT_SECONDS for condition(driver) to be truthy, retrying over re-rendered
        elements. what names the awaited state; a callable is asked only on time-out."""
        def attempt(driver):
            try:
                return condition(driver)
            except (StaleElementReferenceException, WebDriverException) as exc:
                if isinstance(exc, StaleElementReferenceException) or "no such element" in str(exc).lower():
                    return False
                raise
        try:
            return WebDriverWait(self.driver, WAIT_SECONDS, poll_frequency=0.2).until(attempt)
        except TimeoutException:
            alert = self.text_of("#alert")
            what = what() if callable(what) else what
            raise StepFailed(f"timed out after {WAIT_SECONDS} s waiting for {what}" + (f" (the console shows: {alert})" if alert else ""))

    def find(self, css):
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def text_of(self, css):
        try:
            return self.find(css).text.strip()
        except WebDriverException:
            return ""

    def visible(self, css, what=None):
        return self.wait(EC.visibility_of_element_located((By.CSS_SELECTOR, css)), what or css)

    def clickable(self, css, what=None):
        return self.wait(EC.element_to_be_clickable((By.CSS_SELECTOR, css)), what or css)

    def screenshot(self, name):
        if self.args.screenshots:
            os.makedirs(self.args.screenshots, exist_ok=True)
            self.driver.save_screenshot(os.path.join(self.args.screenshots, name))

    def login(self, token):
        field = self.visible("#login-token", "the login form")
        field.clear()
        field.send_keys(token)
        field.send_keys(Keys.ENTER)
        self.wait(lambda d: d.find_element(By.ID, "login-view").get_attribute("hidden") is not None
                  and d.find_element(By.ID, "logout").is_displayed(),
                  lambda: f"the console after signing in (login error: {self.text_of('#login-error')!r})")

    # ----- steps -----
    def run(self):
        url, exc_id = self.args.url, self.args.exception
        exc_css = f'tr[data-exception-id="{css_string(exc_id)}"]'
        result = {}

        self.step = "1 (sign in as admin, read the overview)"
        self.driver.get(f"{url}/console/")
        self.login(self.args.token)

        def overview(driver):
            total = driver.find_element(By.ID, "open-exceptions-total")
            value = total.get_attribute("data-value") or ""
            text = total.text.strip()
            if not re.fullmatch(r"\d+", value) and not re.fullmatch(r"\d[\d,.\u00a0\u202f' ]*", text):
                return False
            number = int(value) if re.fullmatch(r"\d+", value) else int(re.sub(r"\D", "", text))
            systems = {row.get_attribute("data-system-name"): row.get_attribute("data-state")
                       for row in driver.find_elements(By.CSS_SELECTOR, "tr[data-system-name]")}
            return number, systems
        open_total, systems = self.wait(overview, "#open-exceptions-total to show a number")
        result["overview"] = {"openExceptions": open_total, "systems": systems}
        self.screenshot("console-overview.png")

        self.step = "2 (open the exception from the queue)"
        self.clickable("#nav-exceptions", "the Exceptions link").click()
        self.clickable(f"{exc_css} a[href]", f"the queue row of {exc_id}").click()
        self.visible("#exception-status", "#exception-status on the exception page")
        try:  # recorded, not required: the caller's test decides
            shows_answer = self.wait(lambda d: "UOM_MISMATCH" in d.find_element(By.TAG_NAME, "body").text,
                                     "the destination's answer (UOM_MISMATCH) on the exception page")
        except StepFailed as exc:
            print(f"console-browser-test: step {self.step}: {exc}", file=sys.stderr)
            shows_answer = False
        self.screenshot("console-exception.png")

        self.step = "3 (fix the mapping)"
        fix = self.args.fix
        for field_id, key in (("fix-system", "system"), ("fix-code", "code"), ("fix-id", "id"), ("fix-unit", "unit")):
            element = self.visible(f"#{field_id}")
            element.clear()
            if fix.get(key):
                element.send_keys(fix[key])
        Select(self.visible("#fix-kind")).select_by_value(fix["kind"])
        self.clickable("#fix-submit").click()
        self.wait(lambda d: "saved" in d.find_element(By.ID, "fix-result").text.lower(),
                  lambda: f"#fix-result to say saved (it says {self.text_of('#fix-result')!r})")

        self.step = "4 (preview the retry)"
        self.clickable("#preview-retry").click()
        preview = self.wait(lambda d: self.settled_text(d, "preview-result"), "#preview-result to fill")

        self.step = "5 (resolve with retry)"
        note = self.visible("#resolve-note")
        note.clear()
        note.send_keys("Mapped ERP code to the canonical item; retried from the browser test.")
        self.clickable('button.resolve-action[data-action="retry"]', "the Retry button").click()
        self.wait(lambda d: d.find_element(By.ID, "exception-status").text.strip() == "resolved",
                  "#exception-status to read resolved")
        result["exception"] = {"showsAnswer": bool(shows_answer), "preview": preview, "statusAfterResolve": "resolved"}

        reader_exc = self.args.reader_exception or exc_id
        self.step = "6 (the admin sees the actions of an open exception)"
        self.driver.get(f"{url}/console/#/exceptions/{reader_exc}")
        self.wait(lambda d: len(d.find_elements(By.CSS_SELECTOR, "button.resolve-action")) > 0,
                  "the resolve buttons of the open exception, as the admin")
        result["admin"] = {"resolveButtonsOnOpen": len(self.driver.find_elements(By.CSS_SELECTOR, "button.resolve-action"))}

        self.step = "6 (a write without the CSRF header, as the admin, who may assign)"
        self.driver.set_script_timeout(WAIT_SECONDS)
        status = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "fetch('/v1/exceptions/' + encodeURIComponent(arguments[0]) + '/assign', {method: 'POST',"
            " credentials: 'same-origin', headers: {'Content-Type': 'application/json'},"
            " body: JSON.stringify({owner: 'mallory'})}).then(r => done(r.status), e => done('error: ' + e));",
            reader_exc)
        if not isinstance(status, int):
            raise StepFailed(f"the forged request did not complete: {status}")
        result["forgedWriteStatus"] = status

        self.step = "6 (the admin reads the audit log: the crosswalk fix and the resolve, by name)"
        self.clickable("#nav-audit", "the Audit link").click()
        self.wait(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#audit-results tr[data-audit-seq]")) > 0, "audit entries")
        actions = [row.get_attribute("data-action") for row in self.driver.find_elements(By.CSS_SELECTOR, "#audit-results tr[data-audit-seq]")]
        result["audit"] = {"actions": actions}

        if self.args.drift_system and self.args.drift_item:
            result["masterdata"] = self.master_data(url, self.args.drift_system, self.args.drift_item)
        if self.args.requisition:
            result["stock"] = self.stock(self.args.requisition)

        self.step = "6 (log out, sign in as reader)"
        self.clickable("#logout", "the Log out button").click()
        self.visible("#login-token", "the login form after logging out")
        self.login(self.args.reader_token)
        self.driver.get(f"{url}/console/#/exceptions/{reader_exc}")
        self.visible("#exception-status", "#exception-status as the reader")
        self.wait(lambda d: d.find_element(By.ID, "exception-status").text.strip() != "", "the reader's exception page")
        buttons = len(self.driver.find_elements(By.CSS_SELECTOR, "button.resolve-action"))
        fix_form = len(self.driver.find_elements(By.ID, "fix-submit")) > 0
        audit_link = self.driver.find_elements(By.ID, "nav-audit")
        result["reader"] = {"resolveButtons": buttons, "fixForm": fix_form,
                            "auditLink": bool(audit_link and audit_link[0].is_displayed())}

        return result

    def master_data(self, url, system, item):
        self.step = "7 (find the item on the Master data page)"
        self.clickable("#nav-masterdata", "the Master data link").click()
        self.wait(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#items-results tr[data-item-id]")) > 0, "the items table")
        search = self.visible("#filter-item-q")
        search.clear()
        search.send_keys(item)
        search.send_keys(Keys.ENTER)

        def found(driver):
            ids = [row.get_attribute("data-item-id") for row in driver.find_elements(By.CSS_SELECTOR, "#items-results tr[data-item-id]")]
            return ids if ids and all(item.lower() in i.lower() for i in ids) and item in ids else False
        items = self.wait(found, f"the items table to list only items matching {item}")

        self.step = "7 (show the drift against the system)"
        Select(self.wait(lambda d: d.find_element(By.CSS_SELECTOR, f'#drift-system option[value="{css_string(system)}"]')
                         and d.find_element(By.ID, "drift-system"), f"{system} among the drift systems")).select_by_value(system)
        self.clickable("#show-drift").click()
        rows = self.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#drift-table tbody tr"), "the drift table")
        fields = [row.get_attribute("data-field") for row in rows]
        self.screenshot("console-masterdata.png")

        self.step = "7 (read the item's versions)"
        self.clickable(f'#items-results a[href="#/masterdata/{css_string(item)}"]', f"the link to {item}").click()
        self.visible("#item-status", "the item's page")
        history_versions = len(self.driver.find_elements(By.CSS_SELECTOR, "#item-history tr[data-version]"))
        self.screenshot("console-item.png")

        self.step = "7 (accept the system's value from the drift exception)"
        self.driver.get(f"{url}/console/#/masterdata?system={system}")
        self.clickable("#drift-exceptions", "the link to the drift exceptions").click()

        def drift_row(driver):
            for row in driver.find_elements(By.CSS_SELECTOR, "#exceptions-results tr[data-exception-id]"):
                if item in row.text:
                    return row
            return False
        self.wait(drift_row, f"the drift exception of {item} in the queue").find_element(By.CSS_SELECTOR, "a[href]").click()
        note = self.visible("#resolve-note")
        note.clear()
        note.send_keys(f"{system}'s value is right; accepted from the browser test.")
        self.clickable('button.resolve-action[data-action="accept"]', "the Accept button").click()
        self.wait(lambda d: d.find_element(By.ID, "exception-status").text.strip() == "resolved", "#exception-status to read resolved")
        return {"items": items, "driftFields": fields, "historyVersions": history_versions, "acceptStatus": "resolved"}

    def stock(self, requisition):
        self.step = "8 (approve a requisition from the Stock page's queue)"
        self.clickable("#nav-stock", "the Stock link").click()
        selector = f'#approval-table tr[data-requisition="{css_string(requisition)}"]'
        row = self.wait(lambda d: d.find_elements(By.CSS_SELECTOR, selector), f"requisition {requisition} in the approval queue")[0]
        row.find_element(By.CSS_SELECTOR, "input.pick-requisition").click()
        self.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#transfers-table tbody tr"), "the suggested transfers")
        self.screenshot("console-stock.png")
        self.clickable("#approve-selected", "the Approve selected button").click()
        ordered = f'#requisitions-table tr[data-requisition="{css_string(requisition)}"][data-status="ordered"]'
        self.wait(lambda d: d.find_elements(By.CSS_SELECTOR, ordered), f"requisition {requisition} listed as ordered")

        self.step = "8 (accept the first suggested transfer)"
        transfer = self.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#transfers-table tbody tr"), "the suggested transfers")[0]
        moved = {"from": transfer.get_attribute("data-from"), "to": transfer.get_attribute("data-to")}
        self.clickable("#accept-transfer-0", "the Accept transfer button").click()
        self.wait(lambda d: "accepted" in d.find_element(By.ID, "status").text, "the transfer's confirmation")
        return {"ordered": requisition, "transfer": moved}

    @staticmethod
    def settled_text(driver, element_id):
        """The element's text once it no longer only says it is working."""
        text = driver.find_element(By.ID, element_id).text.strip()
        if not text or text.endswith("…"):
            return False
        return text


def css_string(value):
    return value.replace("\\", "\\\\").replace('"', '\\"')


def browser_errors(driver):
    try:
        entries = driver.get_log("browser")
    except Exception:  # not every driver keeps the log
        return []
    # The API's error answers (401 before signing in, the forged write's 403...) are expected;
    # script errors and Content-Security-Policy violations are not.
    return [e.get("message", "") for e in entries
            if e.get("level") == "SEVERE" and "Failed to load resource" not in e.get("message", "")]


def main():
    args = parse_args()
    driver = None
    test = None
    try:
        driver = make_driver()
        test = ConsoleTest(driver, args)
        result = test.run()
        for message in browser_errors(driver):
            print(f"console-browser-test: browser console: {message}", file=sys.stderr)
        print(json.dumps(result, separators=(",", ":")))
        return 0
    except (StepFailed, WebDriverException, AssertionError) as exc:
        step = test.step if test else "starting Chromium"
        message = exc.msg if isinstance(exc, WebDriverException) and exc.msg else str(exc)
        print(f"console-browser-test: step {step} failed: {message}", file=sys.stderr)
        if driver is not None:
            try:
                print(f"console-browser-test: page at failure: {driver.current_url}", file=sys.stderr)
                for region in ("alert", "status", "exception-status"):
                    shown = driver.find_elements(By.ID, region)
                    if shown:
                        print(f"console-browser-test: #{region} says: {shown[0].text.strip()!r}", file=sys.stderr)
                for entry in browser_errors(driver):
                    print(f"console-browser-test: browser console: {entry}", file=sys.stderr)
                if args.screenshots:
                    os.makedirs(args.screenshots, exist_ok=True)
                    path = os.path.join(args.screenshots, "console-failure.png")
                    driver.save_screenshot(path)
                    print(f"console-browser-test: screenshot {path}", file=sys.stderr)
            except Exception:
                pass
        return 1
    finally:
        if driver is not None:
            try:
                driver.quit()
            except Exception:
                pass


if __name__ == "__main__":
    sys.exit(main())
