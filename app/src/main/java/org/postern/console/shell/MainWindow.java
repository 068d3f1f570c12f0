package org.postern.console.shell;

import java.util.LinkedHashMap;
import java.util.Map;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.postern.console.alerts.AlertsView;
import org.postern.console.alerts.AlertsViewModel;
import org.postern.console.security.SslConfigView;
import org.postern.console.security.SslConfigViewModel;
import org.postern.console.certificates.CertificatesView;
import org.postern.console.certificates.CertificatesViewModel;
import org.postern.console.common.ClipboardService;
import org.postern.console.common.DialogService;
import org.postern.console.common.TaskExecutor;
import org.postern.console.common.Theme;
import org.postern.console.engine.EngineStateBar;
import org.postern.console.engine.EngineViewModel;
import org.postern.console.listeners.ListenersView;
import org.postern.console.listeners.ListenersViewModel;
import org.postern.console.listeners.PoliciesView;
import org.postern.console.listeners.PoliciesViewModel;
import org.postern.console.maillog.MailLogView;
import org.postern.console.maillog.MailLogViewModel;
import org.postern.console.queue.QueueView;
import org.postern.console.queue.QueueViewModel;
import org.postern.console.destinations.DestinationsView;
import org.postern.console.destinations.DestinationsViewModel;
import org.postern.console.trust.CaListsView;
import org.postern.console.trust.CaListsViewModel;
import org.postern.console.tlsa.DaneInspectorView;
import org.postern.console.tlsa.DaneInspectorViewModel;
import org.postern.console.connection.ManagedEngine;
import org.postern.console.interfaces.IpInterfacesView;
import org.postern.console.interfaces.IpInterfacesViewModel;
import org.postern.engine.api.GatewayApi;

/**
 * The main window: a menu bar, the navigation grouped like the vendor's menus (Network, Mail
 * Policies, Security, System Administration, Monitor), the current page, and a status bar with
 * the engine's location and the expiry warnings.
 */
public final class MainWindow extends BorderPane {

    private final ShellViewModel vm;
    private final CertificatesViewModel certificatesVm;
    private final CertificatesView certificatesView;
    private final EngineViewModel engineVm;
    private final EngineStateBar engineState;
    private final ListenersViewModel listenersVm;
    private final ListenersView listenersView;
    private final PoliciesView policiesView;
    private final MailLogViewModel mailLogVm;
    private final MailLogView mailLogView;
    private final QueueViewModel queueVm;
    private final QueueView queueView;
    private final CaListsView caListsView;
    private final DestinationsView destinationsView;
    private final AlertsView alertsView;
    private final DaneInspectorView daneInspectorView;
    private final SslConfigView sslConfigView;
    private final IpInterfacesView ipInterfacesView;
    private final Map<Page, ToggleButton> navButtons = new LinkedHashMap<>();
    private final StackPane content = new StackPane();
    /** Kept here: a binding only weakly observed by its sources would otherwise be collected. */
    private javafx.beans.binding.StringBinding expiryStyle;

    /** The window over the embedded engine {@code gateway}, with only Quit in the File menu. */
    public MainWindow(GatewayApi gateway, TaskExecutor executor, DialogService dialogs, ClipboardService clipboard,
                      Runnable onQuit) {
        this(gateway, ManagedEngine.embedded(gateway.location()), executor, dialogs, clipboard,
                ShellActions.quitOnly(onQuit));
    }

    /** The window over {@code gateway}, which is the engine {@code managed} (embedded or remote): the same screens either way. */
    public MainWindow(GatewayApi gateway, ManagedEngine managed, TaskExecutor executor, DialogService dialogs,
                      ClipboardService clipboard, ShellActions actions) {
        getStyleClass().add("main-window");
        setId("mainWindow");
        certificatesVm = new CertificatesViewModel(gateway.certificates(), executor, dialogs);
        certificatesView = new CertificatesView(certificatesVm, clipboard);
        vm = new ShellViewModel(managed, certificatesVm);
        engineVm = new EngineViewModel(gateway.engine(), executor, dialogs);
        engineVm.setRemote(managed.remote());
        engineState = new EngineStateBar(engineVm);
        listenersVm = new ListenersViewModel(gateway.listeners(), gateway.certificates(), engineVm, executor, dialogs);
        listenersView = new ListenersView(listenersVm);
        policiesView = new PoliciesView(new PoliciesViewModel(listenersVm));
        mailLogVm = new MailLogViewModel(gateway.mailLog(), executor, dialogs);
        mailLogView = new MailLogView(mailLogVm);
        queueVm = new QueueViewModel(gateway.queue(), executor, dialogs);
        queueView = new QueueView(queueVm);
        caListsView = new CaListsView(new CaListsViewModel(gateway.caLists(), executor, dialogs), clipboard);
        destinationsView = new DestinationsView(new DestinationsViewModel(gateway.destinations(),
                gateway.certificates(), executor, dialogs));
        daneInspectorView = new DaneInspectorView(new DaneInspectorViewModel(gateway.destinations(), executor,
                clipboard));
        alertsView = new AlertsView(new AlertsViewModel(gateway.alerts(), gateway.mailLog(), executor, dialogs));
        sslConfigView = new SslConfigView(new SslConfigViewModel(gateway.tls(), executor, dialogs));

        ipInterfacesView = new IpInterfacesView(new IpInterfacesViewModel(gateway.admin(), gateway.certificates(),
                executor, dialogs), clipboard, dialogs, managed);

        setTop(menuBar(actions));
        setLeft(navigation());
        content.getStyleClass().add("page-content");
        setCenter(content);
        setBottom(statusBar());

        vm.pageProperty().addListener((o, a, b) -> show(b));
        show(vm.pageProperty().get());
        certificatesVm.refresh();
        listenersVm.refresh();
        mailLogVm.start();
    }

    private MenuBar menuBar(ShellActions actions) {
        Menu file = new Menu("_File");
        if (actions.connect() != null) {
            MenuItem connect = new MenuItem("_Connect…");
            connect.setId("menuConnect");
            connect.setOnAction(e -> actions.connect().run());
            file.getItems().add(connect);
        }
        if (actions.useEmbedded() != null) {
            MenuItem embedded = new MenuItem("Connect to _embedded engine");
            embedded.setId("menuEmbedded");
            embedded.setDisable(!vm.engine().remote());
            embedded.setOnAction(e -> actions.useEmbedded().run());
            file.getItems().add(embedded);
        }
        if (!file.getItems().isEmpty()) {
            file.getItems().add(new SeparatorMenuItem());
        }
        MenuItem quit = new MenuItem("_Quit");
        quit.setAccelerator(KeyCombination.keyCombination("Shortcut+Q"));
        quit.setOnAction(e -> actions.quit().run());
        file.getItems().addAll(quit);

        Menu view = new Menu("_View");
        MenuItem certificates = new MenuItem("_Certificates");
        certificates.setAccelerator(KeyCombination.keyCombination("Shortcut+1"));
        certificates.setOnAction(e -> vm.open(Page.CERTIFICATES));
        ToggleGroup themes = new ToggleGroup();
        Menu theme = new Menu("_Theme");
        for (Theme.Mode mode : Theme.Mode.values()) {
            RadioMenuItem item = new RadioMenuItem(switch (mode) {
                case SYSTEM -> "Follow the _system";
                case LIGHT -> "_Light";
                case DARK -> "_Dark";
            });
            item.setToggleGroup(themes);
            item.setSelected(Theme.get().modeProperty().get() == mode);
            item.setOnAction(e -> Theme.get().modeProperty().set(mode));
            theme.getItems().add(item);
        }
        view.getItems().addAll(certificates, new SeparatorMenuItem(), theme);

        MenuBar bar = new MenuBar(file, view, certificatesView.createMenu());
        bar.setId("menuBar");
        return bar;
    }

    private ScrollPane navigation() {
        VBox nav = new VBox(2);
        nav.setId("navigation");
        nav.getStyleClass().add("navigation");
        Label product = new Label("Postern");
        product.getStyleClass().add("nav-product");
        nav.getChildren().add(product);
        ToggleGroup group = new ToggleGroup();
        String section = null;
        for (Page page : Page.values()) {
            if (!page.section().equals(section)) {
                section = page.section();
                Label header = new Label(section.toUpperCase(java.util.Locale.ROOT));
                header.getStyleClass().add("nav-section");
                nav.getChildren().add(header);
            }
            ToggleButton button = new ToggleButton(page.title());
            button.setId(page.navId());
            button.setToggleGroup(group);
            button.setMaxWidth(Double.MAX_VALUE);
            button.setAlignment(Pos.CENTER_LEFT);
            button.setMnemonicParsing(false);
            button.getStyleClass().add("nav-item");
            navButtons.put(page, button);
            if (page.built()) {
                button.setOnAction(e -> {
                    vm.open(page);
                    button.setSelected(vm.pageProperty().get() == page);
                });
                button.setTooltip(new Tooltip(page.description()));
                nav.getChildren().add(button);
            } else {
                // disabled controls show no tooltip: it sits on a wrapper, and the entry says so itself
                button.setDisable(true);
                Label soon = new Label("not built yet");
                soon.getStyleClass().add("nav-soon");
                VBox row = new VBox(0, button, soon);
                row.getStyleClass().add("nav-unbuilt");
                row.setId(page.navId() + "-row");
                Tooltip.install(row, new Tooltip(page.description()));
                nav.getChildren().add(row);
            }
        }
        ScrollPane scroll = new ScrollPane(nav);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().addAll("navigation-scroll", "edge-to-edge");
        scroll.setPrefWidth(225);
        scroll.setMinWidth(180);
        return scroll;
    }

    private HBox statusBar() {
        Label engine = new Label(vm.engineText());
        engine.setId("statusEngine");
        engine.setTooltip(new Tooltip(vm.engineDetails()));
        if (vm.engine().remote()) {
            engine.getStyleClass().add("accent");
        }
        Label expiry = new Label();
        expiry.setId("statusExpiry");
        expiry.textProperty().bind(vm.expiryText());
        expiryStyle = vm.expiryStyle();
        expiryStyle.addListener((o, a, b) -> {
            expiry.getStyleClass().removeAll("success", "warning", "danger");
            expiry.getStyleClass().add(b);
        });
        expiry.getStyleClass().add(expiryStyle.get());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(12, engine, engineState, spacer, expiry);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("status-bar");
        bar.setId("statusBar");
        return bar;
    }

    private void show(Page page) {
        navButtons.forEach((p, b) -> b.setSelected(p == page));
        if (page == Page.CERTIFICATES) {
            content.getChildren().setAll(certificatesView);
        } else if (page == Page.LISTENERS) {
            content.getChildren().setAll(listenersView);
            listenersVm.refresh();
        } else if (page == Page.MAIL_FLOW_POLICIES) {
            content.getChildren().setAll(policiesView);
            listenersVm.refresh();
        } else if (page == Page.MAIL_LOG) {
            content.getChildren().setAll(mailLogView);
        } else if (page == Page.QUEUE) {
            content.getChildren().setAll(queueView);
            queueVm.refresh();
        } else if (page == Page.CERTIFICATE_AUTHORITIES) {
            content.getChildren().setAll(caListsView);
            caListsView.shown();
        } else if (page == Page.DESTINATION_CONTROLS) {
            content.getChildren().setAll(destinationsView);
            destinationsView.shown();
        } else if (page == Page.DANE_INSPECTOR) {
            content.getChildren().setAll(daneInspectorView);
        } else if (page == Page.ALERTS) {
            content.getChildren().setAll(alertsView);
            alertsView.shown();
        } else if (page == Page.IP_INTERFACES) {
            content.getChildren().setAll(ipInterfacesView);
            ipInterfacesView.shown();
        } else if (page == Page.SSL_CONFIGURATION) {
            content.getChildren().setAll(sslConfigView);
            sslConfigView.shown();
        }
    }

    /** Stops the live views (the window is closing); the engine itself is closed by its owner. */
    public void dispose() {
        engineState.dispose();
        mailLogView.dispose();
        mailLogVm.close();
    }

    public EngineViewModel engineViewModel() {
        return engineVm;
    }

    public ListenersView listenersView() {
        return listenersView;
    }

    public ListenersViewModel listenersViewModel() {
        return listenersVm;
    }

    public PoliciesView policiesView() {
        return policiesView;
    }

    public MailLogView mailLogView() {
        return mailLogView;
    }

    public QueueViewModel queueViewModel() {
        return queueVm;
    }

    public MailLogViewModel mailLogViewModel() {
        return mailLogVm;
    }

    public CertificatesView certificatesView() {
        return certificatesView;
    }

    public CertificatesViewModel certificatesViewModel() {
        return certificatesVm;
    }

    public DaneInspectorView daneInspectorView() {
        return daneInspectorView;
    }

    public IpInterfacesView ipInterfacesView() {
        return ipInterfacesView;
    }

    public ShellViewModel viewModel() {
        return vm;
    }
}
