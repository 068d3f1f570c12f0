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
                // the bottom of the hierarchy is the end entity
                setText(empty || c == null ? null
                        : Formats.commonName(c.subject()) + "  (" + role(c, getTreeItem() != null && getTreeItem().isLeaf()) + ")");
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

    /**
     * What {@code c} is in its chain. The end entity (the leaf: the certificate presented or stored
     * with its key) is never called a CA, even with CA:TRUE (some PKCS#12 files carry such leaves);
     * the flag is named instead. Above it, a self-signed CA is a root, any other an intermediate.
     */
    public static String role(CertificateView c, boolean endEntity) {
        if (endEntity) {
            String role = c.selfSigned() ? "self-signed" : "server";
            return c.certificateAuthority() ? role + ", CA:TRUE" : role;
        }
        return c.certificateAuthority() ? (c.selfSigned() ? "root CA" : "intermediate CA")
                : (c.selfSigned() ? "self-signed" : "not a CA");
    }
}
