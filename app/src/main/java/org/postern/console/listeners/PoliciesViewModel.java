package org.postern.console.listeners;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.postern.console.common.BackgroundTask;
import org.postern.console.common.DialogService;
import org.postern.console.common.Operation;
import org.postern.console.common.TaskExecutor;
import org.postern.engine.api.ListenerApi;
import org.postern.engine.api.ListenerSpec;
import org.postern.engine.api.MailFlowPolicy;
import org.postern.engine.api.SenderGroup;

/**
 * Mail Policies › Mail Flow Policies (LIS-2): one listener's host access table — ordered sender
 * groups, each mapped to a policy — and its mail-flow policies with the default one. Edits collect
 * in a working copy; Save sends the whole listener through {@link ListenerApi#update}. When the
 * engine refuses, its reason is shown verbatim, nothing was changed, and the working copy stays for
 * correction.
 */
public final class PoliciesViewModel {

    private final ListenerApi api;
    private final TaskExecutor executor;
    private final DialogService dialogs;
    private final ListenersViewModel listeners;

    private final ObservableList<String> listenerNames = FXCollections.observableArrayList();
    private final ObjectProperty<String> listener = new SimpleObjectProperty<>(this, "listener");
    private final ReadOnlyObjectWrapper<ListenerSpec> saved = new ReadOnlyObjectWrapper<>(this, "saved");
    private final ObservableList<SenderGroup> groups = FXCollections.observableArrayList();
    private final ObservableList<MailFlowPolicy> policies = FXCollections.observableArrayList();
    private final StringProperty defaultPolicy = new SimpleStringProperty(this, "defaultPolicy");
    private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper(this, "dirty");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ObservableList<String> warnings = FXCollections.observableArrayList();
    private boolean loadingCopy;
    private long loadRequest;

    public PoliciesViewModel(ListenersViewModel listeners) {
        this.listeners = Objects.requireNonNull(listeners);
        this.api = listeners.api();
        this.executor = listeners.executor();
        this.dialogs = listeners.dialogs();
        listeners.onChange(this::listenersChanged);
        listener.addListener((o, a, b) -> load(b));
        defaultPolicy.addListener((o, a, b) -> markDirty());
    }

    private void listenersChanged() {
        List<String> names = listeners.rows().stream().map(ListenerRow::name).toList();
        if (!names.equals(listenerNames)) {
            String current = listener.get();
            listenerNames.setAll(names);
            if (current == null || names.stream().noneMatch(current::equalsIgnoreCase)) {
                listener.set(names.isEmpty() ? null : names.getFirst());
            }
        }
        if (listener.get() == null && !names.isEmpty()) {
            listener.set(names.getFirst());
        }
    }

    /** Switches to another listener; unsaved changes are given up only after the administrator agrees. */
    public boolean choose(String name) {
        if (Objects.equals(name, listener.get())) {
            return true;
        }
        if (dirty.get() && !dialogs.confirm("Unsaved changes", "Discard the changes to " + listener.get() + "?",
                "The sender groups and policies of " + listener.get() + " were changed but not saved.", "Discard")) {
            return false;
        }
        listener.set(name);
        return true;
    }

    /** Reads the listener again from the engine, dropping unsaved changes. */
    public void reload() {
        load(listener.get());
    }

    private void load(String name) {
        long request = ++loadRequest;
        if (name == null) {
            applyCopy(null);
            return;
        }
        busy.set(true);
        executor.execute(BackgroundTask.call("Loading " + name, () -> {
                    ListenerSpec spec = api.get(name);
                    return new Loaded(spec, api.warnings(spec));
                })
                .onSuccess(l -> {
                    if (request == loadRequest) {
                        applyCopy(l.spec());
                        warnings.setAll(l.warnings());
                    }
                })
                .onFailure(e -> dialogs.showError("Could not load listener " + name, Operation.describe(e)))
                .onFinished(() -> busy.set(false)));
    }

    private record Loaded(ListenerSpec spec, List<String> warnings) { }

    private void applyCopy(ListenerSpec spec) {
        loadingCopy = true;
        saved.set(spec);
        groups.setAll(spec == null ? List.of() : spec.senderGroups());
        policies.setAll(spec == null ? List.of() : spec.policies());
        defaultPolicy.set(spec == null ? null : spec.defaultPolicy());
        if (spec == null) {
            warnings.clear();
        }
        loadingCopy = false;
        dirty.set(false);
    }

    private void markDirty() {
        if (!loadingCopy) {
            dirty.set(true);
        }
    }

    // ---------------------------------------------------------- sender groups

    public GroupEditModel newGroup() {
        return new GroupEditModel(null, groupNames(-1), policyNames());
    }

    public GroupEditModel editGroup(int index) {
        return new GroupEditModel(groups.get(index), groupNames(index), policyNames());
    }

    /** Adds ({@code index} -1) or replaces a sender group in the working copy. */
    public void putGroup(int index, SenderGroup group) {
        if (index < 0) {
            groups.add(group);
        } else {
            groups.set(index, group);
        }
        markDirty();
    }

    public void removeGroup(int index) {
        if (index >= 0 && index < groups.size()) {
            groups.remove(index);
            markDirty();
        }
    }

    /** Moves a group up ({@code -1}) or down ({@code +1}); returns its new index. First match wins. */
    public int moveGroup(int index, int delta) {
        int target = index + delta;
        if (index < 0 || index >= groups.size() || target < 0 || target >= groups.size()) {
            return index;
        }
        SenderGroup g = groups.remove(index);
        groups.add(target, g);
        markDirty();
        return target;
    }

    private List<String> groupNames(int except) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            if (i != except) {
                names.add(groups.get(i).name());
            }
        }
        return names;
    }

    // --------------------------------------------------------------- policies

    public PolicyEditModel newPolicy() {
        return new PolicyEditModel(null, policyNamesExcept(-1));
    }

    public PolicyEditModel editPolicy(int index) {
        return new PolicyEditModel(policies.get(index), policyNamesExcept(index));
    }

    /**
     * Adds ({@code index} -1) or replaces a policy; a renamed policy is renamed in the sender groups
     * and as the default too.
     */
    public void putPolicy(int index, MailFlowPolicy policy) {
        if (index < 0) {
            policies.add(policy);
        } else {
            String old = policies.get(index).name();
            policies.set(index, policy);
            if (!old.equals(policy.name())) {
                for (int i = 0; i < groups.size(); i++) {
                    SenderGroup g = groups.get(i);
                    if (g.policy() != null && g.policy().equalsIgnoreCase(old)) {
                        groups.set(i, new SenderGroup(g.name(), g.patterns(), policy.name()));
                    }
                }
                if (old.equalsIgnoreCase(defaultPolicy.get())) {
                    defaultPolicy.set(policy.name());
                }
            }
        }
        markDirty();
    }

    /** Why the policy cannot be deleted (the default, or used by a group), or null. */
    public String deletePolicyProblem(int index) {
        MailFlowPolicy p = policies.get(index);
        if (p.name().equalsIgnoreCase(defaultPolicy.get())) {
            return "\"" + p.name() + "\" is the default policy: choose another default first.";
        }
        List<String> users = groups.stream().filter(g -> p.name().equalsIgnoreCase(g.policy()))
                .map(SenderGroup::name).toList();
        if (!users.isEmpty()) {
            return "\"" + p.name() + "\" is used by the sender group" + (users.size() == 1 ? " " : "s ")
                    + String.join(", ", users) + ": give " + (users.size() == 1 ? "it" : "them")
                    + " another policy first.";
        }
        return null;
    }

    public void removePolicy(int index) {
        String problem = deletePolicyProblem(index);
        if (problem != null) {
            dialogs.showWarning("The policy cannot be deleted", problem);
            return;
        }
        policies.remove(index);
        markDirty();
    }

    public List<String> policyNames() {
        return policies.stream().map(MailFlowPolicy::name).toList();
    }

    private List<String> policyNamesExcept(int except) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < policies.size(); i++) {
            if (i != except) {
                names.add(policies.get(i).name());
            }
        }
        return names;
    }

    // ------------------------------------------------------------------- save

    /** The listener as it would be saved. */
    public ListenerSpec workingCopy() {
        ListenerSpec s = saved.get();
        return new ListenerSpec(s.name(), s.kind(), s.address(), s.port(), s.defaultDomain(), s.acceptedDomains(),
                s.maxConnections(), s.acceptQueue(), s.certificate(), List.copyOf(groups), List.copyOf(policies),
                defaultPolicy.get());
    }

    /** Saves the working copy; the engine's warnings for the saved listener are shown, its refusal verbatim. */
    public void save() {
        if (saved.get() == null || busy.get()) {
            return;
        }
        ListenerSpec spec = workingCopy();
        String name = saved.get().name();
        busy.set(true);
        executor.execute(BackgroundTask.call("Saving " + name, () -> {
                    List<String> w = api.update(name, spec);
                    return new Loaded(api.get(spec.name()), w);
                })
                .onSuccess(l -> {
                    applyCopy(l.spec());
                    warnings.setAll(l.warnings());
                    listeners.saved(l.spec().name());
                })
                .onFailure(e -> dialogs.showError("The engine refused the changes to " + name,
                        Operation.describe(e) + "\n\nNothing was changed; correct the entries and save again, "
                                + "or revert."))
                .onFinished(() -> busy.set(false)));
    }

    // ----------------------------------------------------------------- access

    public ObservableList<String> listenerNames() { return listenerNames; }
    public ReadOnlyObjectProperty<String> listenerProperty() { return listener; }
    public ReadOnlyObjectProperty<ListenerSpec> savedProperty() { return saved.getReadOnlyProperty(); }
    public ObservableList<SenderGroup> groups() { return groups; }
    public ObservableList<MailFlowPolicy> policies() { return policies; }
    public StringProperty defaultPolicyProperty() { return defaultPolicy; }
    public ReadOnlyBooleanProperty dirtyProperty() { return dirty.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty busyProperty() { return busy.getReadOnlyProperty(); }
    /** The engine's warnings for the listener as last loaded or saved, verbatim. */
    public ObservableList<String> warnings() { return warnings; }
    public DialogService dialogs() { return dialogs; }
}
