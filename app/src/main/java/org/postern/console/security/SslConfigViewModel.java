package org.postern.console.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.postern.console.common.BackgroundTask;
import org.postern.console.common.DialogService;
import org.postern.console.common.Operation;
import org.postern.console.common.TaskExecutor;
import org.postern.engine.api.InputRules;
import org.postern.engine.api.TlsSettingsApi;
import org.postern.engine.api.TlsSettingsApi.Direction;
import org.postern.engine.api.TlsSettingsApi.TlsPolicy;

/**
 * Security › SSL Configuration (TLS-1): the protocols and cipher suites of the listeners
 * (inbound) and of delivery (outbound). The selection is checked by the engine's own rules as it
 * changes; applying and resetting run in the background and take effect at the next connection.
 */
public final class SslConfigViewModel {

    /** One protocol or suite with whether it is chosen. */
    public static final class Choice {
        private final String name;
        private final BooleanProperty selected = new SimpleBooleanProperty(this, "selected");

        Choice(String name) {
            this.name = name;
        }

        public String name() { return name; }
        public BooleanProperty selectedProperty() { return selected; }
    }

    /** The editable policy of one direction. */
    public final class Side {
        private final Direction direction;
        private final ObservableList<Choice> protocols = FXCollections.observableArrayList();
        private final ObservableList<Choice> suites = FXCollections.observableArrayList();
        private final ReadOnlyBooleanWrapper usingDefaults = new ReadOnlyBooleanWrapper(this, "usingDefaults");
        private final ReadOnlyBooleanWrapper changed = new ReadOnlyBooleanWrapper(this, "changed");
        private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem");
        private final Operation<TlsPolicy> saving = new Operation<>();
        private TlsPolicy stored;

        Side(Direction direction) {
            this.direction = direction;
        }

        void load(List<String> allowedProtocols, List<String> allowedSuites, TlsPolicy policy, boolean defaults) {
            stored = policy;
            usingDefaults.set(defaults);
            protocols.setAll(choices(allowedProtocols, policy.protocols()));
            // the policy's suites in its order first, then the others that may be added
            List<String> order = new ArrayList<>(policy.cipherSuites());
            allowedSuites.stream().filter(s -> !order.contains(s)).forEach(order::add);
            suites.setAll(choices(order, policy.cipherSuites()));
            recheck();
        }

        private List<Choice> choices(List<String> names, List<String> chosen) {
            List<Choice> list = new ArrayList<>();
            for (String n : names) {
                Choice c = new Choice(n);
                c.selectedProperty().set(chosen.contains(n));
                c.selectedProperty().addListener((o, a, b) -> recheck());
                list.add(c);
            }
            return list;
        }

        /** What the check boxes say, in their order. */
        public TlsPolicy selection() {
            return new TlsPolicy(chosen(protocols), chosen(suites));
        }

        private static List<String> chosen(List<Choice> list) {
            return list.stream().filter(c -> c.selectedProperty().get()).map(Choice::name).toList();
        }

        private void recheck() {
            problem.set(InputRules.tlsPolicyProblem(selection()));
            changed.set(stored != null && !selection().equals(stored));
        }

        /** Stores the selection; the engine's refusal is kept in {@link #saving()}. */
        public void apply() {
            if (problem.get() != null) {
                return;
            }
            TlsPolicy wanted = selection();
            saving.start(executor, "Saving the " + direction.label() + " TLS settings", p -> api.set(direction, wanted),
                    saved -> refresh());
        }

        /** Back to the defaults after the administrator confirms. */
        public void reset() {
            if (!dialogs.confirm("Reset " + direction.label() + " TLS settings",
                    "Use the defaults for " + (direction == Direction.INBOUND ? "the listeners" : "delivery") + "?",
                    "TLSv1.3 and TLSv1.2 with forward-secret AEAD cipher suites. Applies to the next connection.",
                    "Reset")) {
                return;
            }
            saving.start(executor, "Resetting the " + direction.label() + " TLS settings", p -> {
                api.reset(direction);
                return api.get(direction);
            }, saved -> refresh());
        }

        public Direction direction() { return direction; }
        public ObservableList<Choice> protocols() { return protocols; }
        public ObservableList<Choice> suites() { return suites; }
        public ReadOnlyBooleanProperty usingDefaultsProperty() { return usingDefaults.getReadOnlyProperty(); }
        public ReadOnlyBooleanProperty changedProperty() { return changed.getReadOnlyProperty(); }
        public ReadOnlyStringProperty problemProperty() { return problem.getReadOnlyProperty(); }
        public Operation<TlsPolicy> saving() { return saving; }
    }

    private record Loaded(List<String> protocols, List<String> suites, Map<Direction, TlsPolicy> policies,
                          Map<Direction, Boolean> defaults) {
    }

    private final TlsSettingsApi api;
    private final TaskExecutor executor;
    private final DialogService dialogs;
    private final Side inbound = new Side(Direction.INBOUND);
    private final Side outbound = new Side(Direction.OUTBOUND);
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(this, "loaded");

    public SslConfigViewModel(TlsSettingsApi api, TaskExecutor executor, DialogService dialogs) {
        this.api = Objects.requireNonNull(api);
        this.executor = Objects.requireNonNull(executor);
        this.dialogs = Objects.requireNonNull(dialogs);
    }

    /** Reloads both directions from the engine. */
    public void refresh() {
        executor.execute(BackgroundTask.call("Loading the TLS settings", () -> new Loaded(api.allowedProtocols(),
                        api.allowedCipherSuites(),
                        Map.of(Direction.INBOUND, api.get(Direction.INBOUND), Direction.OUTBOUND, api.get(Direction.OUTBOUND)),
                        Map.of(Direction.INBOUND, api.isDefault(Direction.INBOUND),
                                Direction.OUTBOUND, api.isDefault(Direction.OUTBOUND))))
                .onSuccess(l -> {
                    for (Side s : List.of(inbound, outbound)) {
                        s.load(l.protocols(), l.suites(), l.policies().get(s.direction()), l.defaults().get(s.direction()));
                    }
                    loaded.set(true);
                })
                .onFailure(e -> dialogs.showError("Could not load the TLS settings", Operation.describe(e))));
    }

    public Side inbound() { return inbound; }
    public Side outbound() { return outbound; }
    public ReadOnlyBooleanProperty loadedProperty() { return loaded.getReadOnlyProperty(); }
}
