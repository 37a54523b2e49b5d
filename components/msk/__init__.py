"""MskCluster: its model (`MskClusterArgs`, `TopicSettings`, the cluster options), the cluster and
its topics, SCRAM users, Kafka ACLs and the function that applies them, and its alarms.

Internal: the package root (`streaming_platform`) exports the public names."""
