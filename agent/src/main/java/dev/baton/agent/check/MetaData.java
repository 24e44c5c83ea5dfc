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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** OCF meta-data: what an agent says about itself, parsed and checked against the OCF resource agent API. */
public record MetaData(String name, Set<String> parameters, Set<String> actions, List<String> problems) {

    public boolean promotable() {
        return actions.contains("promote") && actions.contains("demote");
    }

    public static MetaData parse(String xml) {
        List<String> problems = new ArrayList<>();
        Set<String> params = new LinkedHashSet<>();
        Set<String> actions = new LinkedHashSet<>();
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
            return new MetaData("", params, actions, problems);
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
            params.add(pn);
            NodeList content = p.getElementsByTagName("content");
            if (content.getLength() == 0 || ((Element) content.item(0)).getAttribute("type").isEmpty()) {
                problems.add("parameter '" + pn + "' has no <content type=...>");
            }
        }
        NodeList as = root.getElementsByTagName("action");
        for (int i = 0; i < as.getLength(); i++) {
            actions.add(((Element) as.item(i)).getAttribute("name"));
        }
        for (String required : List.of("start", "stop", "monitor", "meta-data")) {
            if (!actions.contains(required)) {
                problems.add("required action '" + required + "' is not listed in <actions>");
            }
        }
        return new MetaData(name, params, actions, problems);
    }
}
