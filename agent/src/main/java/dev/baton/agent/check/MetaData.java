package dev.baton.agent.check;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OCF meta-data: what an agent says about itself (its parameters and actions, as {@code crm ra meta} shows
 * them), and where it breaks the OCF resource agent API ({@link #problems()}, empty when it is valid).
 */
public record MetaData(String name, String shortdesc, List<Parameter> parameters, List<ActionInfo> actions,
                       List<String> problems) {

    /** unit: what a number means when the agent's text says so ("s", "ms", "min"), else null. */
    public record Parameter(String name, String type, String defaultValue, String unit, boolean required,
                            boolean unique, String shortdesc) {
    }

    public record ActionInfo(String name, String timeout, String interval, String role) {
    }

    private static final Pattern UNIT = Pattern.compile(
            "\\b(milliseconds|millisecond|msec|ms|seconds|second|secs|sec|minutes|minute|min)\\b");

    public Optional<Parameter> parameter(String name) {
        return parameters.stream().filter(p -> p.name.equals(name)).findFirst();
    }

    public List<String> parameterNames() {
        return parameters.stream().map(Parameter::name).toList();
    }

    public boolean promotable() {
        return actions.stream().anyMatch(a -> a.name.equals("promote"))
                && actions.stream().anyMatch(a -> a.name.equals("demote"));
    }

    public static MetaData parse(String xml) {
        List<String> problems = new ArrayList<>();
        List<Parameter> params = new ArrayList<>();
        List<ActionInfo> actions = new ArrayList<>();
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            // agents name ra-api-1.dtd in a DOCTYPE; never fetch it, never expand external entities
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setExpandEntityReferences(false);
            doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (SAXException | IOException e) {
            problems.add("not well-formed XML: " + e.getMessage());
            return new MetaData("", "", params, actions, problems);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
        Element root = doc.getDocumentElement();
        if (!root.getTagName().equals("resource-agent")) {
            problems.add("root element is <" + root.getTagName() + ">, expected <resource-agent>");
        }
        String name = root.getAttribute("name");
        if (name.isEmpty()) {
            problems.add("<resource-agent> has no name attribute");
        }
        if (root.getElementsByTagName("parameters").getLength() == 0) {
            problems.add("no <parameters> element");
        }
        NodeList ps = root.getElementsByTagName("parameter");
        for (int i = 0; i < ps.getLength(); i++) {
            Element p = (Element) ps.item(i);
            String pn = p.getAttribute("name");
            if (pn.isEmpty()) {
                problems.add("a <parameter> has no name");
                continue;
            }
            Element content = first(p, "content");
            if (content == null || content.getAttribute("type").isEmpty()) {
                problems.add("parameter '" + pn + "' has no <content type=...>");
            }
            String type = content == null || content.getAttribute("type").isEmpty() ? "string" : content.getAttribute("type");
            String def = content == null || !content.hasAttribute("default") ? null : content.getAttribute("default");
            String shortdesc = text(first(p, "shortdesc"));
            String longdesc = text(first(p, "longdesc"));
            params.add(new Parameter(pn, type, def, unit(type, shortdesc + " " + longdesc),
                    "1".equals(p.getAttribute("required")), "1".equals(p.getAttribute("unique")), shortdesc));
        }
        NodeList as = root.getElementsByTagName("action");
        for (int i = 0; i < as.getLength(); i++) {
            Element a = (Element) as.item(i);
            actions.add(new ActionInfo(a.getAttribute("name"), blankToNull(a.getAttribute("timeout")),
                    blankToNull(a.getAttribute("interval")), blankToNull(a.getAttribute("role"))));
        }
        for (String required : List.of("start", "stop", "monitor", "meta-data")) {
            if (actions.stream().noneMatch(a -> a.name.equals(required))) {
                problems.add("required action '" + required + "' is not listed in <actions>");
            }
        }
        Element sd = null;
        NodeList kids = root.getChildNodes();
        for (int i = 0; i < kids.getLength(); i++) {
            if (kids.item(i) instanceof Element e && e.getTagName().equals("shortdesc")) {
                sd = e;
            }
        }
        return new MetaData(name, text(sd), params, actions, problems);
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
