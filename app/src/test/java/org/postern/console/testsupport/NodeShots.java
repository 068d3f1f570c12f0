package org.postern.console.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.paint.Color;
import javax.imageio.ImageIO;

/** A picture of one node as a whole (beyond what a scroll pane shows), when {@code -Dconsole.screenshots=DIR} is given. */
public final class NodeShots {

    private NodeShots() {
    }

    /** Call on the FX thread. */
    public static void save(Node node, String name) {
        String target = System.getProperty("console.screenshots");
        if (target == null || target.isBlank() || node == null || !node.isVisible()) {
            return;
        }
        try {
            Path out = Path.of(target, name + ".png");
            Files.createDirectories(out.getParent());
            SnapshotParameters p = new SnapshotParameters();
            p.setFill(Color.WHITE);
            ImageIO.write(SwingFXUtils.fromFXImage(node.snapshot(p, null), null), "png", out.toFile());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
