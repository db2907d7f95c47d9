package dev.girard.channel.postcard;

import java.io.IOException;
import java.io.StringReader;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;

import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

import dev.girard.render.RenderedPostcard;
import dev.girard.render.TemplateProblem;

/**
 * The PDF renderer reads XHTML: one unclosed {@code <br>} would stop a whole batch. Each card's output is
 * checked on its own first, so a bad template fails its cards with the template and line to fix.
 */
final class Xhtml {
    private static final SAXParserFactory FACTORY = SAXParserFactory.newInstance();

    static {
        try {
            FACTORY.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            FACTORY.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("The XML parser cannot be made safe", e);
        }
    }

    private Xhtml() {
    }

    static void check(RenderedPostcard card, String template) {
        check(card.front(), "postcard/" + template + "/front.ftlh");
        check(card.message(), "postcard/" + template + "/back.ftlh");
    }

    private static void check(String fragment, String template) {
        try {
            SAXParser parser = FACTORY.newSAXParser();
            parser.parse(new InputSource(new StringReader("<div>" + fragment + "</div>")), new DefaultHandler());
        } catch (SAXParseException e) {
            throw new TemplateProblem(template, 0, 0, "its output is not well-formed XHTML (output line "
                    + e.getLineNumber() + ", column " + e.getColumnNumber() + ": " + e.getMessage()
                    + "); close every tag, e.g. <br/> and <img .../>, and write &#160; for &nbsp;", e);
        } catch (SAXException | ParserConfigurationException | IOException e) {
            throw new TemplateProblem(template, 0, 0, "its output cannot be read as XHTML: " + e.getMessage(), e);
        }
    }
}
