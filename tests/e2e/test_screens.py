"""Every page of the demo on a 375-px phone and a 1280-px laptop, in Debian's chromium.

The demo (`load_territory`, `load_demo`) is loaded once; each persona signs in once and walks the
pages they may open: the public pages (and a missing plan's 404) as a citizen, the workspace of a
municipality as its specialist (the published program's steps read-only, with their notice) and
its head, the review screen, the confirmation pages of the steps that cannot be taken back, the
dashboard and the trainings' reports as a coordinator and as the administrator. On each page,
at both widths, the page must be no wider than the window (a wide table scrolls inside its own
box), show what it is expected to show, and axe-core must find no WCAG 2.1 A/AA violation (once
a page, on the phone, where the boxes scroll). A full-page screenshot of each is kept under
var/screens/<width>/<name>.png for a person to look at. Every failure is collected and the test
asserts once, so one run lists every page that fails."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Error as PlaywrightError

from config.demo import DEMO_PASSWORD
from hearings.models import Hearing
from monitoring.models import MonitoringReport
from municipalities.models import Municipality
from planning.models import Activity, Program
from tests.services import require
from trainings.models import Certificate, Training

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCREENS = ROOT / "var" / "screens"
PHONE, LAPTOP = {"width": 375, "height": 800}, {"width": 1280, "height": 900}

# The page's own width against the window's and, when it is wider, the elements that make it so:
# the outermost ones sticking out of the window that no box of their own clips or scrolls (a box
# does not clip what is positioned against a block outside it, such as a visually hidden text).
# The boxes of a table in <main> that scroll sideways (a table cut, wrong at 1280 px); the captions
# wider than their box (cut rather than wrapped); the charts' and the rayon map's text less than
# 10 px high (the map's legend is the page's text: its font size); whether the workspace's steps,
# where a page has them, start on the first screen; and whether the selector a page must show
# (`expect`: the notice of a read-only page…) matches a visible element.
MEASURE = """expect => {
  const width = window.innerWidth;
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + [...e.classList].slice(0, 3).map(c => '.' + c).join('');
  const clipped = e => {
    if (['absolute', 'fixed'].includes(getComputedStyle(e).position)) return false;
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') return true;
    }
    return false;
  };
  const page = document.documentElement.scrollWidth;
  let wide = [];
  if (page > width) {
    wide = [...document.body.querySelectorAll('*')]
      .filter(e => e.getBoundingClientRect().right > width + 1 && !clipped(e))
      .filter(e => !e.parentElement || e.parentElement.getBoundingClientRect().right <= width + 1)
      .slice(0, 5)
      .map(e => name(e) + ' (' + Math.round(e.getBoundingClientRect().right) + ' px)');
  }
  const scrolling = [...document.querySelectorAll('main .table-responsive')]
    .filter(box => box.scrollWidth > box.clientWidth + 1)
    .map(box => {
      const table = box.querySelector('table');
      return table ? name(table) + ' (' + table.scrollWidth + ' in ' + box.clientWidth + ' px)' : name(box);
    });
  const cut = [...document.querySelectorAll('main .table-responsive > table > caption')]
    .filter(c => c.getBoundingClientRect().width > c.closest('.table-responsive').clientWidth + 1)
    .map(c => c.textContent.trim().slice(0, 40));
  const small = [...document.querySelectorAll('main svg[role="img"] text, main svg.rayon-map text')]
    .filter(t => t.textContent.trim() && t.getBoundingClientRect().height < 10)
    .map(t => t.textContent.trim().slice(0, 30) + ' (' + t.getBoundingClientRect().height.toFixed(1) + ' px)')
    .concat([...document.querySelectorAll('main .rayon-map-figure :is(.map-legend, figcaption)')]
      .filter(e => parseFloat(getComputedStyle(e).fontSize) < 10)
      .map(e => e.textContent.trim().slice(0, 30) + ' (' + getComputedStyle(e).fontSize + ')'));
  const steps = [...document.querySelectorAll('nav.step-nav')];
  const stepsShown = steps.length === 0 || steps.some(nav => {
    const shown = nav.closest('details') || nav;
    const box = shown.getBoundingClientRect();
    return box.height > 0 && box.top + window.scrollY < window.innerHeight;
  });
  const shown = !expect || [...document.querySelectorAll(expect)].some(e => e.getBoundingClientRect().height > 0);
  return {page, width, wide, scrolling, cut, small: small.slice(0, 3), stepsShown, shown};
}"""


def violations(page) -> list[str]:
    page.add_script_tag(content=AXE.read_text())
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


@dataclass
class Walk:
    """One persona (a demo user name, or None for a citizen) and the pages they open: each with
    the status it must answer and a CSS selector of what it must show ("" for nothing)."""

    username: str | None
    screens: dict[str, tuple[str, int, str]] = field(default_factory=dict)

    def add(
        self,
        name: str,
        route: str,
        *args,
        language: str = "ky",
        query: str = "",
        status: int = 200,
        expect: str = "",
    ) -> None:
        with translation.override(language):
            path = reverse(route, args=args) + (f"?{query}" if query else "")
        self.screens[name] = (path, status, expect)


def demo_walks() -> list[Walk]:
    """The demo's pages, each as a persona who may open it (config/demo.py names the users)."""
    kok_jar = Municipality.objects.get(name_en="Kök-Jar aiyl aimak")
    ak_tal = Municipality.objects.get(name_en="Ak-Tal aiyl aimak")
    published = Program.objects.get(municipality=kok_jar, status=Program.Status.PUBLISHED)
    submitted = Program.objects.get(municipality=ak_tal)
    priority = published.priorities.order_by("order").first()
    activity = Activity.objects.filter(objective__goal__priority=priority).first()
    analysis = published.sector_analyses.order_by("pk").first()
    announced = Hearing.objects.get(municipality=kok_jar, status=Hearing.Status.ANNOUNCED)
    closed = Hearing.objects.filter(municipality=kok_jar, status=Hearing.Status.CLOSED).order_by("pk").first()
    proposal = closed.proposals.order_by("number").first()
    voted = Hearing.objects.filter(votes__isnull=False).distinct().first()
    working_group_training = (
        Training.objects.filter(participations__person__municipality=kok_jar).distinct().get()
    )
    tallied = Training.objects.filter(tallies__isnull=False).distinct().order_by("pk").first()
    held = Training.objects.get(status=Training.Status.HELD)
    session = held.sessions.order_by("pk").first()
    participant = working_group_training.participations.order_by("pk").first().person
    certificate = Certificate.objects.order_by("pk").first()
    draft_report = MonitoringReport.objects.get(program=published, year=2022)
    published_report = MonitoringReport.objects.get(program=published, year=2021)

    citizen = Walk(None)
    citizen.add("home", "home")
    citizen.add("home-ru", "home", language="ru")
    citizen.add("plans", "plans:list")
    citizen.add("plans-filtered", "plans:list", query=f"q=суу&oblast={kok_jar.district.region_id}&year=2021")
    citizen.add("plans-en", "plans:list", language="en", query="year=abc")
    citizen.add("plan", "plans:detail", published.pk)
    citizen.add("plan-ru", "plans:detail", published.pk, language="ru")
    # Kök-Jar's published 2021 monitoring report (monitoring/demo.py), linked from the plan's page.
    citizen.add("monitoring-report", "monitoring:report", published.pk, 2021, expect="#activities table")
    citizen.add("monitoring-report-ru", "monitoring:report", published.pk, 2021, language="ru")
    citizen.add("oblast", "territory:region", kok_jar.district.region_id)
    citizen.add("rayon", "territory:district", kok_jar.district_id)
    citizen.add("municipality", "territory:municipality", kok_jar.pk)
    citizen.add("municipality-ak-tal", "territory:municipality", ak_tal.pk, language="ru")
    citizen.add("hearings", "hearings:list")
    citizen.add("hearings-filtered", "hearings:list", query="when=past&year=2019")
    citizen.add("hearing-announced", "hearings:detail", announced.pk)
    citizen.add("hearing-closed", "hearings:detail", closed.pk)
    citizen.add("hearing-voted", "hearings:detail", voted.pk)
    citizen.add("hearing-thanks", "hearings:thanks", announced.pk)
    citizen.add("trainings", "trainings:list")
    citizen.add("training", "trainings:detail", working_group_training.pk)
    citizen.add("training-tallied", "trainings:detail", tallied.pk)
    citizen.add("certificate", "certificates:verify", certificate.code)
    citizen.add("certificate-unknown", "certificates:verify", "NOSUCHCODE", status=404)
    missing_plan = (Program.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    # In the site's layout and in Kyrgyz (templates/404.html), not Django's bare English "Not Found".
    citizen.add("plan-missing", "plans:detail", missing_plan, status=404, expect='html[lang="ky"] main h1')
    citizen.add("open-data", "open_data")
    citizen.add("login", "accounts:login")
    citizen.add("password-reset", "accounts:password_reset")

    staff = Walk("kokjar_staff")
    staff.add("staff-home", "workspace_home")
    staff.add("staff-programs", "planning:program_list", kok_jar.pk)
    # The steps of a published program are read-only: each says why, and who can do what instead.
    read_only = ("settings", "working_group", "characteristics", "swot", "vision", "goals", "indicators")
    for step in (
        "overview", "settings", "working_group", "characteristics", "analysis", "swot", "vision",
        "goals", "action_plan", "finance", "indicators", "history", "import", "review", "timeline",
    ):  # fmt: skip
        notice = ".frozen-notice" if step in read_only else ""
        staff.add(f"staff-program-{step}", f"planning:{step}", published.pk, expect=notice)
    staff.add(
        "staff-program-sector",
        "planning:sector_analysis",
        published.pk,
        analysis.sector_id,
        expect=".frozen-notice",
    )
    staff.add(
        "staff-program-priority",
        "planning:priority_activities",
        published.pk,
        priority.pk,
        expect=".frozen-notice",
    )
    staff.add(
        "staff-program-activity", "planning:activity", published.pk, activity.pk, expect=".frozen-notice"
    )
    staff.add("staff-notifications", "planning:notifications")
    staff.add("staff-password", "accounts:password_change")
    staff.add("staff-hearings", "hearings_ws:list", kok_jar.pk)
    staff.add("staff-hearing-new", "hearings_ws:create", kok_jar.pk)
    for name, hearing in (("announced", announced), ("closed", closed)):
        for route in ("detail", "edit", "materials", "attendance", "proposals", "moderation", "votes"):
            staff.add(f"staff-hearing-{name}-{route}", f"hearings_ws:{route}", hearing.pk)
    staff.add("staff-hearing-proposal-new", "hearings_ws:proposal_enter", announced.pk)
    staff.add("staff-hearing-proposal", "hearings_ws:proposal", closed.pk, proposal.pk)
    staff.add("staff-trainings", "trainings_ws:list")
    staff.add("staff-training", "trainings_ws:detail", working_group_training.pk)
    staff.add("staff-person", "trainings_ws:person", participant.pk)
    # The yearly monitoring report: the demo's 2022 draft being filled in, the 2021 one published.
    staff.add("staff-monitoring-reports", "monitoring_ws:reports", published.pk)
    staff.add("staff-monitoring-report", "monitoring_ws:report", draft_report.pk, expect=".report-actions")
    staff.add(
        "staff-monitoring-direction",
        "monitoring_ws:direction",
        draft_report.pk,
        priority.pk,
        expect=".direction-form",
    )
    staff.add(
        "staff-monitoring-indicators", "monitoring_ws:indicators", draft_report.pk, expect=".indicators-form"
    )
    staff.add(
        "staff-monitoring-verification",
        "monitoring_ws:verification",
        draft_report.pk,
        expect=".verification-form",
    )
    staff.add(
        "staff-monitoring-submit-confirm",
        "monitoring_ws:transition_confirm",
        draft_report.pk,
        "submit",
        expect="form button[type=submit].btn-primary",
    )
    staff.add(
        "staff-monitoring-published-direction",
        "monitoring_ws:direction",
        published_report.pk,
        priority.pk,
        expect=".read-only-notice",
    )

    head = Walk("kokjar_head")
    head.add("head-overview", "planning:overview", published.pk)
    head.add("head-approval", "planning:approval", published.pk)
    head.add("head-timeline", "planning:timeline", published.pk)
    head.add("head-monitoring-published", "monitoring_ws:report", published_report.pk)
    # The demo has no approved program, so no publishing to confirm; the published one's new version.
    head.add(
        "head-new-version-confirm",
        "planning:transition_confirm",
        published.pk,
        "new_version",
        expect="form button[type=submit].btn-primary",
    )

    ak_tal_staff = Walk("aktal_staff")
    ak_tal_staff.add("aktal-program-overview", "planning:overview", submitted.pk)
    ak_tal_staff.add("aktal-program-action-plan", "planning:action_plan", submitted.pk)
    ak_tal_staff.add(
        "aktal-program-priority",
        "planning:priority_activities",
        submitted.pk,
        submitted.priorities.order_by("order").first().pk,
    )
    ak_tal_staff.add("aktal-program-review", "planning:review", submitted.pk, language="ru")

    ak_tal_head = Walk("aktal_head")
    ak_tal_head.add("aktal-head-approval", "planning:approval", submitted.pk)

    coordinator = Walk("vap_coordinator")
    coordinator.add("coordinator-home", "workspace_home")
    coordinator.add("coordinator-review", "planning:review", submitted.pk)
    coordinator.add("coordinator-review-published", "planning:review", published.pk)
    coordinator.add("coordinator-timeline", "planning:timeline", submitted.pk)
    coordinator.add("coordinator-overview", "planning:overview", submitted.pk)
    for action in ("endorse", "request_changes"):
        coordinator.add(
            f"coordinator-{action.replace('_', '-')}-confirm",
            "planning:transition_confirm",
            submitted.pk,
            action,
            expect="form textarea#confirm-comment",
        )
    coordinator.add("coordinator-dashboard", "planning:dashboard")
    coordinator.add("coordinator-dashboard-ru", "planning:dashboard", language="ru")
    coordinator.add("coordinator-follow", "hearings_ws:follow")
    coordinator.add("coordinator-statistics", "trainings_ws:statistics")
    coordinator.add("coordinator-trainings", "trainings_ws:list")
    coordinator.add("coordinator-training-new", "trainings_ws:create")
    for route in ("detail", "edit", "sessions", "participants", "attendance", "materials", "documents"):
        coordinator.add(f"coordinator-training-{route}", f"trainings_ws:{route}", working_group_training.pk)
    coordinator.add(
        "coordinator-training-import", "trainings_ws:participants_import", working_group_training.pk
    )
    coordinator.add("coordinator-training-tallies", "trainings_ws:tallies", tallied.pk)
    coordinator.add("coordinator-person", "trainings_ws:person", participant.pk)
    coordinator.add("coordinator-person-merge", "trainings_ws:person_merge", participant.pk)
    coordinator.add("coordinator-monitoring-report", "monitoring_ws:report", draft_report.pk)
    coordinator.add(
        "coordinator-monitoring-direction",
        "monitoring_ws:direction",
        draft_report.pk,
        priority.pk,
        expect=".comment-form",
    )
    coordinator.add("coordinator-monitoring-indicators", "monitoring_ws:indicators", draft_report.pk)

    msdsp = Walk("msdsp_coordinator")
    msdsp.add("msdsp-hearing-votes", "hearings_ws:votes", voted.pk, language="en")
    msdsp.add("msdsp-hearing-vote", "hearings_ws:vote", voted.pk, voted.votes.first().pk, language="en")
    msdsp.add("msdsp-training-attendance", "trainings_ws:attendance", held.pk, language="en")
    msdsp.add("msdsp-training-session", "trainings_ws:session", held.pk, session.pk, language="en")

    admin = Walk("admin")
    admin.add("admin-dashboard", "planning:dashboard")
    admin.add("admin-statistics", "trainings_ws:statistics", query=f"year={tallied.first_day.year}")
    admin.add("admin-trainings", "trainings_ws:list")
    admin.add("admin-follow", "hearings_ws:follow")
    return [citizen, staff, head, ak_tal_staff, ak_tal_head, coordinator, msdsp, admin]


def sign_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/ky/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url("**/workspace/**")


def shoot(page, width: int, name: str) -> None:
    folder = SCREENS / str(width)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=folder / f"{name}.png", full_page=True)


def walk_screens(browser, base_url: str, walks: list[Walk]) -> list[str]:
    """Open every page of every walk at both widths; return what failed, one line a problem."""
    failures = []
    for walk in walks:
        # axe is injected by the test, so the page's own Content-Security-Policy is bypassed for it.
        context = browser.new_context(viewport=PHONE, bypass_csp=True, locale="ky-KG")
        page = context.new_page()
        page.set_default_timeout(20_000)
        try:
            if walk.username:
                sign_in(page, base_url, walk.username)
            for name, (path, status, expect) in walk.screens.items():
                try:
                    response = page.goto(base_url + path)
                except PlaywrightError as error:
                    failures.append(f"{name} {path}: {error.message.splitlines()[0]}")
                    continue
                if response is None or response.status != status:
                    failures.append(f"{name} {path}: HTTP {response.status if response else '—'}")
                    continue
                for size in (PHONE, LAPTOP):
                    page.set_viewport_size(size)
                    measured = page.evaluate(MEASURE, expect)
                    shoot(page, size["width"], name)
                    if measured["page"] > measured["width"]:
                        failures.append(
                            f"{name} {path} at {size['width']} px is {measured['page']} px wide: "
                            + ", ".join(measured["wide"])
                        )
                    where = f"{name} {path} at {size['width']} px"
                    if size is LAPTOP and measured["scrolling"]:
                        failures.append(f"{where} cuts a table: " + ", ".join(measured["scrolling"]))
                    if measured["cut"]:
                        failures.append(f"{where} cuts a caption: " + ", ".join(measured["cut"]))
                    if measured["small"]:
                        failures.append(
                            f"{where} has a chart's or the map's text too small: "
                            + ", ".join(measured["small"])
                        )
                    if not measured["shown"]:
                        failures.append(f"{where} does not show {expect}")
                    if not measured["stepsShown"]:
                        failures.append(f"{where} shows the steps of the program below the first screen")
                    if size is PHONE:
                        failures.extend(f"{name} {path}: {found}" for found in violations(page))
                page.set_viewport_size(PHONE)
        finally:
            context.close()
    return failures


def test_every_page_of_the_demo_fits_a_phone_and_a_laptop_and_meets_wcag_aa(browser, live_server, settings):
    require(AXE.exists(), "axe-core is not installed: run `npm ci` (make test does)")
    settings.DEBUG = True  # load_demo refuses to run otherwise; the pages are served without it
    call_command("load_territory", verbosity=0)
    call_command("load_demo", verbosity=0)
    settings.DEBUG = False
    failures = walk_screens(browser, live_server.url, demo_walks())
    assert not failures, "\n".join(failures)
