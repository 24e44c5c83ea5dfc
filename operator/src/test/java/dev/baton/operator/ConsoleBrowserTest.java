package dev.baton.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.v1alpha1.GitSource;
import dev.baton.api.v1alpha1.GitSourceSpec;
import dev.baton.api.v1alpha1.Primitive;
import dev.baton.api.v1alpha1.Transition;
import dev.baton.operator.gitops.GitSourceReconcilerTest;
import dev.baton.testsupport.ControlPlane;
import dev.baton.testsupport.GitServer;
import dev.baton.testsupport.KubeApi;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

/**
 * The web console in a real browser (Debian's headless Chromium, through its chromedriver), served by the operator
 * (the Quarkus application, which also reconciles the test's cluster) on the real API server, with real agents
 * running LSB scripts: the page shows www on compute-1; www dies, the operator moves it, and the page shows it on
 * compute-2 without a reload; a user without rights on the namespace sees nothing. Screenshots go to
 * operator/target/console/; the time to first render and the update latency are printed ([console] lines).
 */
@QuarkusTest
@WithTestResource(GitSourceReconcilerTest.ControlPlaneWithCrds.class)
class ConsoleBrowserTest {
  private static final String CONFIG = """
      apiVersion: baton.dev/v1alpha1
      kind: HACluster
      metadata: {name: lab}
      spec:
        properties: {stonithEnabled: false, noQuorumPolicy: ignore}
        resourceDefaults: {migration-threshold: 1}
      ---
      apiVersion: baton.dev/v1alpha1
      kind: HANode
      metadata: {name: compute-1}
      spec: {}
      ---
      apiVersion: baton.dev/v1alpha1
      kind: HANode
      metadata: {name: compute-2}
      spec: {}
      ---
      apiVersion: baton.dev/v1alpha1
      kind: Primitive
      metadata: {name: www}
      spec: {class: lsb, type: www, operations: [{name: monitor, interval: 500ms}]}
      ---
      apiVersion: baton.dev/v1alpha1
      kind: LocationConstraint
      metadata: {name: www-prefers-compute-1}
      spec: {resource: www, node: compute-1, score: 100}
      """;
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Path SHOTS = Path.of(System.getProperty("baton.repo", "."), "operator/target/console");

  @TestHTTPResource("/")
  URL root;

  @TempDir
  static Path dir;

  private static ControlPlane cp;
  private static KubeApi.Env env;
  private static String other;

  @BeforeAll
  static void namespaces() {
    cp = ControlPlane.get();
    String ns = "console-" + UUID.randomUUID().toString().substring(0, 8);
    other = ns + "-other";
    for (String n : List.of(ns, other)) {
      cp.admin().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(n).endMetadata().build())
          .create();
    }
    env = new KubeApi.Env(cp, ns, cp.client(ns));
  }

  @AfterAll
  static void deleteNamespaces() {
    env.client().close();
    cp.admin().namespaces().withName(env.namespace()).delete();
    cp.admin().namespaces().withName(other).delete();
  }

  @Test
  void showsTheFailoverLiveAndNothingToAUserWithoutRights() throws Exception {
    KubernetesClient admin = cp.admin();
    String ns = env.namespace();
    // a cluster the viewer may not see: it must not be offered
    admin.load(new java.io.ByteArrayInputStream("""
        apiVersion: baton.dev/v1alpha1
        kind: HACluster
        metadata: {name: secret}
        spec: {}
        """.getBytes())).inNamespace(other).create();
    String viewer = token(admin, ns, "viewer", VIEWER_RULES);
    String nobody = token(admin, ns, "nobody", List.of());

    String operator = token(admin, ns, "operator", OPERATOR_RULES);
    Transition failoverTransition;

    try (LocalCluster cluster = new LocalCluster(env, dir); GitServer gitServer = GitServer.start();
        GitServer.Author git = gitServer.repository("console")) {
      cluster.startAgent("compute-1", List.of("www"));
      cluster.startAgent("compute-2", List.of("www"));
      cluster.apply(CONFIG);
      cluster.await("www on compute-1", WAIT, () -> cluster.running("compute-1", "www") && cluster.converged());

      Files.createDirectories(SHOTS);
      WebDriver browser = chromium();
      try {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        browser.get(root + "console");
        assertThat(browser.getCurrentUrl()).endsWith("/console/");
        visible(browser, "login");
        shot(browser, "login.png");
        accessible(browser, "login");
        signIn(browser, viewer);
        until(browser, b -> "compute-1".equals(resourceNode(b, "www")));
        assertThat(browser.findElement(By.id("namespace")).findElements(By.tagName("option")))
            .extracting(WebElement::getText).containsExactly(ns);

        // time to first render: a fresh page load with the token in the tab's session
        browser.navigate().refresh();
        until(browser, b -> "compute-1".equals(resourceNode(b, "www")));
        double firstRenderMs = ((Number) js.executeScript("return window.batonConsole.firstRenderMs")).doubleValue();
        System.out.printf("[console] time to first render (page load → status shown): %.0f ms%n", firstRenderMs);
        assertThat(nodeState(browser, "compute-1")).isEqualTo("online");
        assertThat(nodeState(browser, "compute-2")).isEqualTo("online");
        assertThat(text(browser, "#nodes tr[data-node='compute-1'] td.lease"))
            .matches("\\d+\\.\\d s ago \\(holds \\d+ s\\)");
        assertThat(browser.findElement(By.id("failed-actions")).isDisplayed()).isFalse();
        shot(browser, "cluster-www-on-compute-1.png");

        // the fault: www dies on compute-1; the operator moves it (migration-threshold 1)
        js.executeScript("window.notReloaded = true");
        Map<String, Instant> seen = new ConcurrentHashMap<>();
        try (Watch w = watchPlacement(env.client(), seen)) {
          Instant fault = Instant.now();
          cluster.crash("compute-1", "www");
          until(browser, b -> "compute-2".equals(resourceNode(b, "www")));
          long shownAt = ((Number) js.executeScript("return window.batonConsole.placements.www.at")).longValue();
          assertThat(js.executeScript("return window.notReloaded === true")).as("the page was not reloaded").isEqualTo(true);
          cluster.await("the failover's transition complete", WAIT, () -> failover(env.client(), fault) != null);
          failoverTransition = failover(env.client(), fault);
          Instant complete = Instant.parse(failoverTransition.getStatus().completionTime);
          assertThat(seen).as("the test's own watch saw www's status move").containsKey("compute-2");
          long sinceStatus = shownAt - seen.get("compute-2").toEpochMilli();
          long sinceComplete = shownAt - complete.toEpochMilli();
          System.out.printf("[console] update latency (www's status on compute-2 in the API → shown): %d ms; "
              + "page shown %d ms after the transition completed (negative: before)%n", sinceStatus, sinceComplete);
          assertThat(sinceComplete).as("shown within 2 s of the transition completing").isLessThanOrEqualTo(2000);
        }
        until(browser, b -> !b.findElements(By.cssSelector("#failed-actions tr[data-resource='www']")).isEmpty());
        assertThat(text(browser, "#failed-actions tbody"))
            .contains("www_monitor_500ms").contains("compute-1");
        assertThat(text(browser, "#fail-counts tbody")).contains("compute-1 www 1");
        shot(browser, "cluster-www-on-compute-2.png");
        accessible(browser, "cluster");

        timeline(browser, failoverTransition);
        accessible(browser, "timeline");
        String revision = gitSource(browser, git, ns);
        accessible(browser, "git");
        scores(browser);
        accessible(browser, "scores");
        whatIf(browser);
        accessible(browser, "what-if");
        // accessibility basics: every control has a label a screen reader announces
        assertThat((List<?>) js.executeScript("return [...document.querySelectorAll('select, input, textarea, button')]"
            + ".filter((e) => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim())"
            + ".map((e) => e.id || e.name || e.outerHTML)")).as("controls without a label").isEmpty();
        actions(browser, viewer, operator, revision);
        behindAPrefixProxy(browser, operator, ns);

        // a user whose token is good but who has no rights on the namespace: no cluster offered, and asked for
        // directly, forbidden
        browser.findElement(By.id("sign-out")).click();
        signIn(browser, nobody);
        until(browser, b -> b.findElement(By.id("problem")).getText().contains("no cluster you may see"));
        browser.get(root + "console/#namespace=" + ns);
        browser.navigate().refresh();
        until(browser, b -> b.findElement(By.id("problem")).getText().startsWith("Forbidden"));
        assertThat(browser.findElement(By.id("cluster")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.tagName("body")).getText()).doesNotContain("www").doesNotContain("compute-");
        shot(browser, "forbidden.png");
      } finally {
        browser.quit();
      }

      // the same, at the HTTP level: 401 without a token or with a bad one, 403 without rights, data only with them
      HttpClient http = HttpClient.newHttpClient();
      URI status = URI.create(root + "console/api/namespaces/" + ns + "/status");
      assertThat(get(http, status, null).statusCode()).isEqualTo(401);
      assertThat(get(http, status, "not-a-token").statusCode()).isEqualTo(401);
      HttpResponse<String> forbidden = get(http, status, nobody);
      assertThat(forbidden.statusCode()).isEqualTo(403);
      assertThat(forbidden.body()).contains("may not list haclusters.baton.dev").doesNotContain("compute-");
      HttpResponse<String> list = get(http, URI.create(root + "console/api/namespaces"), viewer);
      assertThat(list.statusCode()).isEqualTo(200);
      assertThat(list.body()).contains("\"" + ns + "\"").doesNotContain(other);
    }
  }

  /** What the console asks to show a cluster: list HAClusters in the namespace. */
  private static final List<io.fabric8.kubernetes.api.model.rbac.PolicyRule> VIEWER_RULES = List.of(
      new PolicyRuleBuilder().withApiGroups("baton.dev").withResources("haclusters")
          .withVerbs("get", "list", "watch").build());
  /** And what its actions write (the same as kubectl baton resource's). */
  private static final List<io.fabric8.kubernetes.api.model.rbac.PolicyRule> OPERATOR_RULES = List.of(
      VIEWER_RULES.get(0),
      new PolicyRuleBuilder().withApiGroups("baton.dev").withResources("locationconstraints")
          .withVerbs("create", "update", "delete").build(),
      new PolicyRuleBuilder().withApiGroups("baton.dev").withResources("primitives", "hanodes")
          .withVerbs("patch").build());

  /** A ServiceAccount's token, with a Role of the rules bound to it (none: no rights at all). */
  private static String token(KubernetesClient admin, String ns, String name,
      List<io.fabric8.kubernetes.api.model.rbac.PolicyRule> rules) {
    admin.serviceAccounts().inNamespace(ns).resource(new ServiceAccountBuilder().withNewMetadata().withName(name)
        .endMetadata().build()).create();
    if (!rules.isEmpty()) {
      admin.rbac().roles().inNamespace(ns).resource(new RoleBuilder().withNewMetadata().withName("console-" + name)
          .endMetadata().withRules(rules).build()).create();
      admin.rbac().roleBindings().inNamespace(ns).resource(new RoleBindingBuilder().withNewMetadata()
          .withName("console-" + name).endMetadata().withNewRoleRef().withApiGroup("rbac.authorization.k8s.io")
          .withKind("Role").withName("console-" + name).endRoleRef().addNewSubject().withKind("ServiceAccount")
          .withName(name).withNamespace(ns).endSubject().build()).create();
    }
    return admin.serviceAccounts().inNamespace(ns).withName(name).tokenRequest(new TokenRequestBuilder()
        .withNewSpec().withExpirationSeconds(3600L).endSpec().build()).getStatus().getToken();
  }

  /** The failover as a timeline entry: its cause, and its actions as bars on their nodes. */
  private static void timeline(WebDriver browser, Transition t) throws Exception {
    String fig = "#timeline figure[data-transition='" + t.getMetadata().getName() + "']";
    until(browser, b -> text(b, fig + " h3") != null && text(b, fig + " h3").contains("Complete"));
    assertThat(text(browser, fig + " h3")).contains(t.getSpec().reason);
    String start = fig + " .lane[data-node='compute-2'] .bar[data-resource='www'][data-action='start']";
    until(browser, b -> attribute(b, start, "aria-label") != null
        && attribute(b, start, "aria-label").contains("Succeeded"));
    assertThat(attribute(browser, start, "aria-label")).matches("start www on compute-2: Succeeded, rc 0.* \\d+ ms");
    assertThat(attribute(browser, fig + " .lane[data-node='compute-1'] .bar[data-resource='www'][data-action='stop']",
        "aria-label")).startsWith("stop www on compute-1: Succeeded");
    // the start comes after the stop (www moves): its bar begins to the right of the stop's
    assertThat(percent(browser, start, "left")).isGreaterThan(percent(browser,
        fig + " .lane[data-node='compute-1'] .bar[data-action='stop']", "left"));
    scrollTo(browser, "timeline");
    shot(browser, "timeline.png");
  }

  /** A GitSource of the namespace (a real git daemon): its applied revision and conditions in the page. */
  private static String gitSource(WebDriver browser, GitServer.Author git, String ns) throws Exception {
    String revision = git.write("www-git.yaml", """
        apiVersion: baton.dev/v1alpha1
        kind: LocationConstraint
        metadata: {name: www-git}
        spec: {resource: www, node: compute-1, score: 10}
        """).push("www prefers compute-1 a little more");
    GitSource gs = new GitSource();
    gs.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("config").withNamespace(ns)
        .build());
    gs.setSpec(new GitSourceSpec());
    gs.getSpec().url = git.url;
    cp.admin().resources(GitSource.class).inNamespace(ns).resource(gs).create();
    String row = "#git-table tr[data-gitsource='config']";
    until(browser, b -> revision.equals(text(b, row + " td.applied")));
    assertThat(text(browser, row + " td.conditions")).contains("Ready=True Applied");
    assertThat(text(browser, row)).contains(git.url);
    scrollTo(browser, "git");
    shot(browser, "git.png");
    return revision;
  }

  /** simulate --show-scores for www: compute-1 is banned by the fail-count, with each contribution shown. */
  private static void scores(WebDriver browser) throws Exception {
    choose(browser, "scores-resource", "www");
    browser.findElement(By.cssSelector("#scores-form button[type=submit]")).click();
    String c1 = "#scores-table tr[data-node='compute-1']";
    until(browser, b -> "-INFINITY".equals(text(b, c1 + " td.score")));
    assertThat(text(browser, c1 + " td.contributions")).contains("location www-prefers-compute-1 +100")
        .contains("location www-git +10").contains("fail-count 1 reached migration-threshold 1");
    assertThat(text(browser, "#scores-table tr[data-node='compute-2'] td.score")).isEqualTo("0");
    scrollTo(browser, "scores");
    shot(browser, "scores.png");
  }

  /** What if compute-2 failed: www, banned from compute-1, would stop; the diff marks it. */
  private static void whatIf(WebDriver browser) throws Exception {
    choose(browser, "whatif-node", "compute-2");
    browser.findElement(By.cssSelector("#whatif-form button[type=submit]")).click();
    String row = "#whatif-placement tr[data-resource='www']";
    until(browser, b -> text(b, row + " td.after") != null && text(b, row + " td.after").startsWith("Stopped"));
    assertThat(text(browser, row + " td.now")).isEqualTo("Started@compute-2");
    assertThat(browser.findElement(By.cssSelector(row)).getAttribute("class")).isEqualTo("changed");
    assertThat(text(browser, "#whatif-modifications")).isEqualTo("Failing node compute-2");
    scrollTo(browser, "whatif");
    shot(browser, "whatif.png");
  }

  /**
   * The actions, confirmed in a dialog with the keyboard: forbidden to the viewer (nothing changes); for a user with
   * the rights, cleanup (www goes back to compute-1, under the Git revision), move and clear, standby and online.
   */
  private void actions(WebDriver browser, String viewer, String operator, String revision) throws Exception {
    run(browser, "cleanup", "www", null, true);
    until(browser, b -> text(b, "#action-result").startsWith("Forbidden"));
    assertThat(text(browser, "#action-result")).contains("may not patch primitives.baton.dev");
    assertThat(text(browser, "#fail-counts tbody")).contains("compute-1 www 1");

    browser.findElement(By.id("sign-out")).click();
    signIn(browser, operator);
    // the old tables stay in the (hidden) DOM until the new user's first status: wait for the page to show it
    visible(browser, "cluster");
    until(browser, b -> "compute-2".equals(resourceNode(b, "www")));
    run(browser, "cleanup", "www", null, false);
    until(browser, b -> "www: cleanup requested".equals(text(b, "#action-result")));
    until(browser, b -> "compute-1".equals(resourceNode(b, "www")));
    until(browser, b -> !b.findElement(By.id("fail-counts")).isDisplayed());
    // the transition that moved www back runs on a configuration from Git: it names the revision
    until(browser, b -> text(b, "#timeline figure h3").contains("revision " + revision.substring(0, 12)));
    scrollTo(browser, "actions");
    shot(browser, "actions-cleanup.png");

    run(browser, "move", "www", "compute-2", false);
    until(browser, b -> "compute-2".equals(resourceNode(b, "www")));
    assertThat(text(browser, "#move-constraints tbody")).contains("cli-prefer-www www compute-2 INFINITY");
    run(browser, "clear", "www", null, false);
    until(browser, b -> !b.findElement(By.id("move-constraints")).isDisplayed());
    until(browser, b -> "compute-1".equals(resourceNode(b, "www")));
    run(browser, "standby", null, "compute-1", false);
    until(browser, b -> "standby".equals(nodeState(b, "compute-1")) && "compute-2".equals(resourceNode(b, "www")));
    shot(browser, "actions-standby.png");
    run(browser, "online", null, "compute-1", false);
    until(browser, b -> "online".equals(nodeState(b, "compute-1")) && "compute-1".equals(resourceNode(b, "www")));
  }

  /**
   * The console behind a reverse proxy with a path prefix, as an Ingress serves it: Debian's nginx at /baton/,
   * stripping the prefix. The page is redirected to /baton/console/, signs in, streams the status and runs standby and
   * online of compute-1 — all through the proxy (its access log says so), none of it escaping the prefix (a request
   * for /console/… would be nginx's 404, and the page would not show the cluster). Then back to the direct console.
   */
  private void behindAPrefixProxy(WebDriver browser, String operator, String ns) throws Exception {
    try (PrefixProxy proxy = PrefixProxy.start(dir.resolve("nginx"), "baton", root.getPort())) {
      browser.get(proxy.url("console"));
      assertThat(browser.getCurrentUrl()).isEqualTo(proxy.url("console/"));
      // another origin: the direct console's session (its token) is not shared
      signIn(browser, operator);
      visible(browser, "cluster");
      until(browser, b -> "compute-1".equals(resourceNode(b, "www")) && "online".equals(nodeState(b, "compute-1")));
      run(browser, "standby", null, "compute-1", false);
      until(browser, b -> "standby".equals(nodeState(b, "compute-1")) && "compute-2".equals(resourceNode(b, "www")));
      ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
      shot(browser, "behind-prefix-proxy.png");
      run(browser, "online", null, "compute-1", false);
      until(browser, b -> "online".equals(nodeState(b, "compute-1")) && "compute-1".equals(resourceNode(b, "www")));
      // signing out ends the status stream: nginx logs a request when it ends
      browser.findElement(By.id("sign-out")).click();
      visible(browser, "login");
      String api = "/baton/console/api/namespaces";
      PrefixProxy.Request stream = new PrefixProxy.Request("GET", api + "/" + ns + "/status", 200);
      until(browser, b -> proxy.requests().contains(stream));
      List<PrefixProxy.Request> requests = proxy.requests();
      System.out.printf("[console] behind the prefix proxy, nginx answered: %s%n", requests);
      assertThat(requests).contains(new PrefixProxy.Request("GET", "/baton/console", 302),
          new PrefixProxy.Request("GET", "/baton/console/", 200),
          new PrefixProxy.Request("GET", "/baton/console/console.js", 200),
          new PrefixProxy.Request("GET", api, 200), stream);
      assertThat(requests).filteredOn(r -> r.uri().equals(api + "/" + ns + "/actions"))
          .containsExactly(new PrefixProxy.Request("POST", api + "/" + ns + "/actions", 200),
              new PrefixProxy.Request("POST", api + "/" + ns + "/actions", 200));
      assertThat(requests).as("every request stayed below the prefix and was answered")
          .allMatch(r -> r.uri().startsWith("/baton/console") && r.status() < 400);
    }
    browser.get(root + "console/");
    until(browser, b -> "compute-1".equals(resourceNode(b, "www")));
  }

  /** Chooses an action and runs it by keyboard: Enter on "Run…", the dialog asks, Tab to Confirm, Enter. */
  private static void run(WebDriver browser, String verb, String resource, String node, boolean screenshot)
      throws Exception {
    choose(browser, "action-verb", verb);
    if (resource != null) {
      choose(browser, "action-resource", resource);
    }
    if (node != null) {
      choose(browser, "action-node", node);
    }
    ((JavascriptExecutor) browser).executeScript("arguments[0].focus()",
        browser.findElement(By.cssSelector("#actions-form button[type=submit]")));
    new Actions(browser).sendKeys(Keys.ENTER).perform();
    visible(browser, "confirm");
    assertThat(text(browser, "#confirm-text")).contains(verb);
    if (screenshot) {
      shot(browser, "actions-confirm.png");
    }
    assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("confirm-cancel");
    new Actions(browser).sendKeys(Keys.TAB).perform();
    assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("confirm-ok");
    ((JavascriptExecutor) browser).executeScript("document.getElementById('action-result').textContent = ''");
    new Actions(browser).sendKeys(Keys.ENTER).perform();
    until(browser, b -> !b.findElement(By.id("confirm")).isDisplayed() && !text(b, "#action-result").isEmpty());
  }

  /** Picks an option of a select once the page offers it. */
  private static void choose(WebDriver browser, String id, String value) throws InterruptedException {
    until(browser, b -> Boolean.TRUE.equals(((JavascriptExecutor) b).executeScript(
        "const s = document.getElementById(arguments[0]);"
            + " if (![...s.options].some((o) => o.value === arguments[1])) { return false; }"
            + " s.value = arguments[1]; s.dispatchEvent(new Event('change')); return true;", id, value)));
  }

  private static String attribute(WebDriver b, String css, String name) {
    return (String) ((JavascriptExecutor) b).executeScript(
        "const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null;", css, name);
  }

  private static double percent(WebDriver b, String css, String property) {
    return Double.parseDouble(((String) ((JavascriptExecutor) b).executeScript(
        "return document.querySelector(arguments[0]).style[arguments[1]]", css, property)).replace("%", ""));
  }

  private static void scrollTo(WebDriver b, String id) {
    ((JavascriptExecutor) b).executeScript("document.getElementById(arguments[0]).scrollIntoView()", id);
  }

  private static WebDriver chromium() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    // as root (CI) Chromium needs --no-sandbox; /dev/shm is small in containers
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }

  private static void signIn(WebDriver browser, String token) throws InterruptedException {
    visible(browser, "login");
    WebElement field = browser.findElement(By.id("token"));
    // a token is long: set it at once rather than typing it key by key
    ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]", field, token);
    browser.findElement(By.cssSelector("#login-form button[type=submit]")).click();
  }

  private static void visible(WebDriver browser, String id) throws InterruptedException {
    until(browser, b -> b.findElement(By.id(id)).isDisplayed());
  }

  /** Waits for the page to show something (the test looks every 20 ms; the page itself is pushed its data). */
  private static void until(WebDriver browser, Predicate<WebDriver> shown) throws InterruptedException {
    long end = System.nanoTime() + WAIT.toNanos();
    while (!shows(browser, shown)) {
      if (System.nanoTime() > end) {
        throw new AssertionError("the page did not show it within " + WAIT + "; it shows:\n"
            + browser.getPageSource());
      }
      Thread.sleep(20);
    }
  }

  private static boolean shows(WebDriver browser, Predicate<WebDriver> shown) {
    try {
      return shown.test(browser);
    } catch (org.openqa.selenium.NoSuchElementException | org.openqa.selenium.StaleElementReferenceException e) {
      // not there yet, or re-rendered between finding and reading it (every lease renewal re-renders the tables)
      return false;
    }
  }

  /** An element's text, read in one step: the page re-renders its tables on every update (each lease renewal). */
  private static String text(WebDriver b, String css) {
    return (String) ((JavascriptExecutor) b).executeScript(
        "const e = document.querySelector(arguments[0]); return e ? e.innerText.replace(/\\s+/g, ' ').trim() : null;", css);
  }

  private static String resourceNode(WebDriver b, String resource) {
    return text(b, "#resources tr[data-resource='" + resource + "'] td.node");
  }

  private static String nodeState(WebDriver b, String node) {
    return text(b, "#nodes tr[data-node='" + node + "'] td.state");
  }

  /**
   * axe-core (vendored: src/test/resources/axe-core) on the page as it is shown: no WCAG 2.1 A/AA violation
   * (labels, contrast, names of controls, landmarks, ARIA use); each violation listed with its elements. Once per
   * page, first, an unlabelled input is added for a moment: axe must report it, or it is not checking anything.
   */
  private static void accessible(WebDriver browser, String view) throws Exception {
    JavascriptExecutor js = (JavascriptExecutor) browser;
    browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
    if (!Boolean.TRUE.equals(js.executeScript("return typeof window.axe === 'object'"))) {
      try (var in = ConsoleBrowserTest.class.getResourceAsStream("/axe-core/axe.min.js")) {
        js.executeScript(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
      }
      js.executeScript("const i = document.createElement('input'); i.id = 'axe-canary'; document.body.append(i)");
      List<?> canary = axeViolations(js);
      js.executeScript("document.getElementById('axe-canary').remove()");
      assertThat(canary).as("axe-core reports an input without a label").anyMatch((v) -> v.toString().startsWith("label "));
    }
    List<?> violations = axeViolations(js);
    System.out.printf("[console] axe-core on the %s view: %d violations%n", view, violations.size());
    assertThat(violations).as("axe-core violations (WCAG 2.1 A/AA) on the " + view + " view").isEmpty();
  }

  private static List<?> axeViolations(JavascriptExecutor js) {
    return (List<?>) js.executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
          .then((r) => done(r.violations.map((v) => v.id + ' (' + v.impact + '): ' + v.help + ' - '
            + v.nodes.map((n) => n.target.join(' ')).join(', '))))
          .catch((e) => done(['axe did not run: ' + e]));
        """);
  }

  private static void shot(WebDriver browser, String name) throws Exception {
    Files.write(SHOTS.resolve(name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }

  /** When the test's own watch first saw www's status name each node (the API's time of the change, near enough). */
  private static Watch watchPlacement(KubernetesClient c, Map<String, Instant> seen) {
    return c.resources(Primitive.class).withName("www").watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, Primitive p) {
        if (p.getStatus() != null && p.getStatus().node != null && "Started".equals(p.getStatus().state)) {
          seen.putIfAbsent(p.getStatus().node, Instant.now());
        }
      }

      @Override
      public void onClose(WatcherException cause) {
      }
    });
  }

  /** The completed transition that moved www after the fault, if any yet. */
  private static Transition failover(KubernetesClient c, Instant fault) {
    return c.resources(Transition.class).list().getItems().stream()
        .filter(t -> !Instant.parse(t.getMetadata().getCreationTimestamp()).isBefore(fault.minusSeconds(1)))
        .filter(t -> t.getStatus() != null && "Complete".equals(t.getStatus().phase))
        .filter(t -> t.getSpec().actions != null && t.getSpec().actions.stream().anyMatch(a -> "www".equals(a.resource) && "compute-2".equals(a.node)
            && "start".equals(a.action)))
        .findFirst().orElse(null);
  }

  private static HttpResponse<String> get(HttpClient http, URI uri, String token) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
    if (token != null) {
      r.header("Authorization", "Bearer " + token);
    }
    return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }
}
