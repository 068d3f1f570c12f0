package org.postern.console.common;

import java.util.List;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import org.postern.engine.api.CertificateView;

/** A certificate chain as a hierarchy, root at the top and the leaf at the bottom (CON-6). */
public final class ChainTree {

    private ChainTree() {
    }

    public static TreeView<CertificateView> create(String id) {
        TreeView<CertificateView> tree = new TreeView<>();
        tree.setId(id);
        tree.setShowRoot(true);
        tree.setCellFactory(tv -> new TreeCell<>() {
            @Override
            protected void updateItem(CertificateView c, boolean empty) {
                super.updateItem(c, empty);
                setText(empty || c == null ? null : Formats.commonName(c.subject()) + "  (" + role(c) + ")");
                setGraphic(null);
            }
        });
        return tree;
    }

    /** Shows {@code chain} (leaf first, as presented or stored) and returns the leaf's item, or null. */
    public static TreeItem<CertificateView> show(TreeView<CertificateView> tree, List<CertificateView> chain) {
        TreeItem<CertificateView> root = null;
        TreeItem<CertificateView> parent = null;
        for (int i = chain.size() - 1; i >= 0; i--) {
            TreeItem<CertificateView> item = new TreeItem<>(chain.get(i));
            item.setExpanded(true);
            if (parent == null) {
                root = item;
            } else {
                parent.getChildren().add(item);
            }
            parent = item;
        }
        tree.setRoot(root);
        return parent;
    }

    public static String role(CertificateView c) {
        return c.certificateAuthority() ? (c.selfSigned() ? "root CA" : "intermediate CA")
                : (c.selfSigned() ? "self-signed" : "server");
    }
}
