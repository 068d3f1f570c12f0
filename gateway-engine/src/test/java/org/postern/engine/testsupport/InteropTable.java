package org.postern.engine.testsupport;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table with a header row and columns padded to their widest cell. */
public final class InteropTable {

    private InteropTable() {
    }

    public static String render(List<List<String>> rows, List<String> header) {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        int[] width = new int[header.size()];
        for (List<String> row : all) {
            if (row.size() != header.size()) {
                throw new IllegalArgumentException("row has " + row.size() + " cells, header " + header.size());
            }
            for (int i = 0; i < row.size(); i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        StringBuilder s = new StringBuilder();
        for (int r = 0; r < all.size(); r++) {
            List<String> row = all.get(r);
            for (int i = 0; i < row.size(); i++) {
                s.append(i == 0 ? "" : " | ").append(pad(row.get(i), i == row.size() - 1 ? 0 : width[i]));
            }
            s.append('\n');
            if (r == 0) {
                for (int i = 0; i < width.length; i++) {
                    s.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
                }
                s.append('\n');
            }
        }
        return s.toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
