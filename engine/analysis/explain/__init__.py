"""Why a game went as it did: after-action reports, attribution of track changes, causal chains."""
