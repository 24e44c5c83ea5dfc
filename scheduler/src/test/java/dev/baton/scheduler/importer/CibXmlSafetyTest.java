package dev.baton.scheduler.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CIB parser resolves nothing outside its input: no external entity, no DTD, no XInclude, no entity expansion.
 * A listener on loopback stands for a remote DTD/entity; it must see no connection, and a secret file's content must
 * reach neither the model nor any message.
 */
class CibXmlSafetyTest {
    private static final String SECRET = "baton-xxe-canary-5f1c";
    private static final String BODY = "<cib validate-with=\"none\"><configuration><crm_config/><nodes/>"
            + "<resources>%s</resources><constraints/></configuration><status/></cib>";

    @TempDir
    Path dir;
    private ServerSocket listener;
    private Path secret;

    @BeforeEach
    void setUp() throws Exception {
        listener = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        listener.setSoTimeout(300);
        secret = dir.resolve("secret.txt");
        Files.writeString(secret, SECRET);
    }

    @AfterEach
    void tearDown() throws Exception {
        listener.close();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + listener.getLocalPort() + "/" + path;
    }

    private void assertRefusedWithoutLookingOutside(String xml) throws Exception {
        assertThatThrownBy(() -> new CibImporter().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(ImportException.class)
                .hasMessageContaining("DOCTYPE")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
        assertNoConnection();
    }

    private void assertNoConnection() throws Exception {
        try (var s = listener.accept()) {
            throw new AssertionError("the parser connected to " + s.getRemoteSocketAddress());
        } catch (SocketTimeoutException expected) {
            // nobody came: nothing was fetched
        }
    }

    @Test
    void externalGeneralEntityOfAFileIsRefused() throws Exception {
        assertRefusedWithoutLookingOutside("<!DOCTYPE cib [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
                + BODY.formatted("<primitive id=\"&x;\" class=\"ocf\" type=\"Dummy\"/>"));
    }

    @Test
    void externalDtdIsNeverFetched() throws Exception {
        assertRefusedWithoutLookingOutside("<!DOCTYPE cib SYSTEM \"" + url("cib.dtd") + "\">" + BODY.formatted(""));
    }

    @Test
    void externalParameterEntityIsNeverFetched() throws Exception {
        assertRefusedWithoutLookingOutside("<!DOCTYPE cib [<!ENTITY % p SYSTEM \"" + url("p.dtd") + "\"> %p;]>"
                + BODY.formatted(""));
    }

    @Test
    void entityExpansionBombIsRefused() throws Exception {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE cib [<!ENTITY a0 \"lol\">");
        for (int i = 1; i < 10; i++) {
            dtd.append("<!ENTITY a").append(i).append(" \"").append(("&a" + (i - 1) + ";").repeat(10)).append("\">");
        }
        assertRefusedWithoutLookingOutside(dtd + "]>" + BODY.formatted("<primitive id=\"&a9;\" class=\"ocf\" type=\"D\"/>"));
    }

    @Test
    void xincludeIsNotResolved() throws Exception {
        String xml = BODY.formatted("<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\""
                + secret.toUri() + "\" parse=\"text\"/><xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\""
                + url("x.xml") + "\"/>");
        CibImporter importer = new CibImporter();
        var model = importer.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        assertThat(model.resources()).isEmpty();
        // without a schema Pacemaker ignores an element it does not know, and says so
        assertThat(importer.warnings()).contains("error: Ignoring <xi:include> resource without ID")
                .allSatisfy(w -> assertThat(w).doesNotContain(SECRET));
        assertNoConnection();
    }
}
