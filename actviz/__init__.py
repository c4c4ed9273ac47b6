"""actviz: look at activation functions and perceptrons.

    >>> import actviz
    >>> float(actviz.get("sigmoid")(0.0))
    0.5
    >>> actviz.gate("xor").implements
    ['XOR']

The registry (``get``, ``names``, ``register``), figures (``plot``, and GIFs of sweeps:
``animate``), value tables (``values``), property sheets (``property_sheet``), logic
gates and perceptrons (``gate``, ``perceptron``), notebook sliders (``explore``), and a
learner's own function held against the registry (``check_function``). Everything loads
on first use: ``import actviz`` imports neither numpy nor matplotlib, and matplotlib
loads only when something is drawn.
"""

__version__ = "0.1.0"

# Each public name, and the module it lives in (imported when the name is first used, PEP 562).
_HOMES = {
    "Activation": "activation",
    "ActivationError": "activation",
    "ParameterError": "activation",
    "UnknownActivationError": "activation",
    "ActvizError": "errors",
    "RunError": "errors",
    "UsageError": "errors",
    "PluginError": "registry",
    "PluginWarning": "registry",
    "all_activations": "registry",
    "get": "registry",
    "names": "registry",
    "register": "registry",
    "ExpressionError": "expression",
    "from_expression": "expression",
    "plot": "plotting",
    "animate": "plotting",
    "values": "value_tables",
    "ValueTable": "value_tables",
    "gate": "logic_gates",
    "perceptron": "logic_gates",
    "LogicGate": "logic_gates",
    "explore": "notebook",
    "check_function": "check",
    "CheckReport": "check",
    "property_sheet": "properties",
    "Properties": "properties",
}

__all__ = [*_HOMES, "__version__"]


def __getattr__(name):
    # The command line imports this package for `--help` and shell completion, which
    # need none of these.
    if name in _HOMES:
        from importlib import import_module

        return getattr(import_module(f"actviz.{_HOMES[name]}"), name)
    raise AttributeError(f"module 'actviz' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))
