package dev.baton.cli.ra;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** What an OCF agent's meta-data says about its parameters and actions, as crm ra meta shows it. */
public record AgentMetadata(String name, String shortdesc, List<Parameter> parameters, List<ActionInfo> actions) {

    /** unit: what a number means when the agent's text says so ("s", "ms", "min"), else null. */
    public record Parameter(String name, String type, String defaultValue, String unit, boolean required,
                            boolean unique, String shortdesc) {
    }

    public record ActionInfo(String name, String timeout, String interval, String role) {
    }

    private static final Pattern UNIT = Pattern.compile("\\b(milliseconds|millisecond|msec|ms|seconds|second|secs|sec|minutes|minute|min)\\b");

    public Optional<Parameter> parameter(String name) {
        return parameters.stream().filter(p -> p.name.equals(name)).findFirst();
    }

    public static AgentMetadata parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            // agents name ra-api-1.dtd in a DOCTYPE: never fetch it, never expand external entities
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setExpandEntityReferences(false);
            Element root = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
                    .getDocumentElement();
            List<Parameter> params = new ArrayList<>();
            NodeList ps = root.getElementsByTagName("parameter");
            for (int i = 0; i < ps.getLength(); i++) {
                Element p = (Element) ps.item(i);
                Element content = first(p, "content");
                String type = content == null ? "string" : content.getAttribute("type");
                String def = content == null || !content.hasAttribute("default") ? null : content.getAttribute("default");
                String shortdesc = text(first(p, "shortdesc"));
                String longdesc = text(first(p, "longdesc"));
                params.add(new Parameter(p.getAttribute("name"), type, def, unit(type, shortdesc + " " + longdesc),
                        "1".equals(p.getAttribute("required")), "1".equals(p.getAttribute("unique")), shortdesc));
            }
            List<ActionInfo> actions = new ArrayList<>();
            NodeList as = root.getElementsByTagName("action");
            for (int i = 0; i < as.getLength(); i++) {
                Element a = (Element) as.item(i);
                actions.add(new ActionInfo(a.getAttribute("name"), blankToNull(a.getAttribute("timeout")),
                        blankToNull(a.getAttribute("interval")), blankToNull(a.getAttribute("role"))));
            }
            Element sd = null;
            NodeList kids = root.getChildNodes();
            for (int i = 0; i < kids.getLength(); i++) {
                if (kids.item(i) instanceof Element e && e.getTagName().equals("shortdesc")) {
                    sd = e;
                }
            }
            return new AgentMetadata(root.getAttribute("name"), text(sd), params, actions);
        } catch (Exception e) {
            throw new IllegalArgumentException("the agent's meta-data is not valid OCF XML: " + e.getMessage(), e);
        }
    }

    /** Numbers only: the agent's own words ("in seconds", "milliseconds") are the only unit OCF 1.0 has. */
    static String unit(String type, String description) {
        if (!type.equals("integer") && !type.equals("time") && !type.equals("timeout")) {
            return null;
        }
        Matcher m = UNIT.matcher(description.toLowerCase(Locale.ROOT));
        if (!m.find()) {
            return type.equals("integer") ? null : "s";
        }
        return switch (m.group(1)) {
            case "milliseconds", "millisecond", "msec", "ms" -> "ms";
            case "minutes", "minute", "min" -> "min";
            default -> "s";
        };
    }

    private static Element first(Element parent, String tag) {
        NodeList l = parent.getElementsByTagName(tag);
        return l.getLength() == 0 ? null : (Element) l.item(0);
    }

    private static String text(Element e) {
        return e == null ? "" : e.getTextContent().strip().replaceAll("\\s+", " ");
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
