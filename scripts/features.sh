# The cargo features of every build of the tests, in one place (sourced by the scripts): the
# window's embedded UI, the UI tests' backend (atti-ipc-bridge), and the embedded page of the
# bench's bare window (atti-bare-window). The same features in every build, so that cargo
# never rebuilds a dependency for another set.
features="--features atti-desktop/custom-protocol,atti-desktop/ipc-bridge,atti-bare-window/custom-protocol"
