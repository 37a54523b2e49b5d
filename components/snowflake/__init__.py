"""SnowflakeSinkConnector and what it needs: its model (the `snowflake` object, the connector's
and plugin's Args), the custom plugin, the key pair, the Snowflake-side access.

Internal: the package root (`streaming_platform`) exports the public names."""
