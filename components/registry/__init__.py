"""SchemaRegistryService: its model (`SchemaRegistrySettings`, `SchemaRegistryServiceArgs`) and
the service (ECS Fargate behind an internal ALB, storing schemas in MSK).

Internal: the package root (`streaming_platform`) exports the public names."""
