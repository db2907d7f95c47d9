package dev.girard.channel.postcard;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.contentstream.PDFStreamEngine;
import org.apache.pdfbox.contentstream.operator.DrawObject;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.contentstream.operator.state.Concatenate;
import org.apache.pdfbox.contentstream.operator.state.Restore;
import org.apache.pdfbox.contentstream.operator.state.Save;
import org.apache.pdfbox.contentstream.operator.state.SetGraphicsStateParameters;
import org.apache.pdfbox.contentstream.operator.state.SetMatrix;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.graphics.PDXObject;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

/** Reads back what the print shop gets: the PDF batches and manifests of a run's folder, with PDFBox. */
final class PrintedCards {
    private PrintedCards() {
    }

    static List<Path> pdfs(Path runFolder) throws IOException {
        if (!Files.isDirectory(runFolder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(runFolder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".pdf")).sorted().toList();
        }
    }

    static List<CSVRecord> manifest(Path csv) throws IOException {
        try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader).getRecords();
        }
    }

    /** Every manifest line of a run folder, batch by batch. */
    static List<CSVRecord> manifests(Path runFolder) throws IOException {
        List<CSVRecord> all = new ArrayList<>();
        for (Path pdf : pdfs(runFolder)) {
            all.addAll(manifest(runFolder.resolve(PostcardPrinter.manifestName(pdf.getFileName().toString()))));
        }
        return all;
    }

    static String text(PDDocument pdf, int page) throws IOException {
        PDFTextStripper stripper = new PDFTextStripper();
        stripper.setStartPage(page);
        stripper.setEndPage(page);
        return stripper.getText(pdf);
    }

    static PDDocument open(Path pdf) throws IOException {
        return Loader.loadPDF(pdf.toFile());
    }

    /** A piece of text on a page, in points from the page's left and bottom edges. */
    record Placed(String text, float left, float right, float bottom, float top) {
    }

    /** Where each line of text on a page sits. */
    static List<Placed> lines(PDDocument pdf, int page) throws IOException {
        List<Placed> placed = new ArrayList<>();
        float height = pdf.getPage(page - 1).getMediaBox().getHeight();
        PDFTextStripper stripper = new PDFTextStripper() {
            @Override
            protected void writeString(String text, List<TextPosition> positions) {
                float left = Float.MAX_VALUE;
                float right = 0;
                float bottom = Float.MAX_VALUE;
                float top = 0;
                for (TextPosition p : positions) {
                    left = Math.min(left, p.getXDirAdj());
                    right = Math.max(right, p.getXDirAdj() + p.getWidthDirAdj());
                    // YDirAdj is the baseline from the top; descenders reach a little lower
                    bottom = Math.min(bottom, height - p.getYDirAdj() - p.getHeightDir() * 0.25f);
                    top = Math.max(top, height - p.getYDirAdj() + p.getHeightDir());
                }
                placed.add(new Placed(text, left, right, bottom, top));
            }
        };
        stripper.setStartPage(page);
        stripper.setEndPage(page);
        stripper.getText(pdf);
        return placed;
    }

    /** The resolution of every image drawn on a page: pixels per inch across, as drawn. */
    static List<Double> imageDpi(PDPage page) throws IOException {
        List<Double> dpi = new ArrayList<>();
        PDFStreamEngine engine = new PDFStreamEngine() {
            {
                addOperator(new Concatenate(this));
                addOperator(new DrawObject(this));
                addOperator(new SetGraphicsStateParameters(this));
                addOperator(new Save(this));
                addOperator(new Restore(this));
                addOperator(new SetMatrix(this));
            }

            @Override
            protected void processOperator(Operator operator, List<COSBase> operands) throws IOException {
                if ("Do".equals(operator.getName())) {
                    COSName name = (COSName) operands.get(0);
                    PDXObject object = getResources().getXObject(name);
                    if (object instanceof PDImageXObject image) {
                        float widthPoints = getGraphicsState().getCurrentTransformationMatrix().getScalingFactorX();
                        dpi.add(image.getWidth() / (widthPoints / 72.0));
                        return;
                    }
                    if (object instanceof PDFormXObject form) {
                        showForm(form);
                        return;
                    }
                }
                super.processOperator(operator, operands);
            }
        };
        engine.processPage(page);
        return dpi;
    }
}
