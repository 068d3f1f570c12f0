package org.postern.console.common;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.util.Objects;
import javafx.application.Application;
import javafx.application.ColorScheme;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Parent;
import javafx.scene.Scene;

/**
 * Light and dark themes (CON-11). By default the theme follows the operating system's colour
 * scheme and changes with it; the administrator may pin light or dark. Colours live in the
 * style sheets only: code sets semantic style classes (success, warning, danger).
 */
public final class Theme {

    public enum Mode { SYSTEM, LIGHT, DARK }

    /** The console's own style sheet, added to every scene and dialog. */
    public static final String STYLESHEET =
            Objects.requireNonNull(Theme.class.getResource("/org/postern/console/console.css")).toExternalForm();

    private static final Theme INSTANCE = new Theme();

    private final ObjectProperty<Mode> mode = new SimpleObjectProperty<>(this, "mode", Mode.SYSTEM);
    private final ReadOnlyBooleanWrapper dark = new ReadOnlyBooleanWrapper(this, "dark");
    private boolean installed;

    private Theme() {
    }

    public static Theme get() {
        return INSTANCE;
    }

    /** Applies the theme and starts following the OS colour scheme. Call on the FX thread. */
    public void install() {
        if (!installed) {
            installed = true;
            Platform.getPreferences().colorSchemeProperty().addListener((o, a, b) -> apply());
            mode.addListener((o, a, b) -> apply());
        }
        apply();
    }

    private void apply() {
        boolean useDark = switch (mode.get()) {
            case DARK -> true;
            case LIGHT -> false;
            case SYSTEM -> Platform.getPreferences().getColorScheme() == ColorScheme.DARK;
        };
        dark.set(useDark);
        Application.setUserAgentStylesheet(useDark
                ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
    }

    public ObjectProperty<Mode> modeProperty() {
        return mode;
    }

    public ReadOnlyBooleanProperty darkProperty() {
        return dark.getReadOnlyProperty();
    }

    public static void style(Scene scene) {
        if (!scene.getStylesheets().contains(STYLESHEET)) {
            scene.getStylesheets().add(STYLESHEET);
        }
    }

    public static void style(Parent parent) {
        if (!parent.getStylesheets().contains(STYLESHEET)) {
            parent.getStylesheets().add(STYLESHEET);
        }
    }
}
