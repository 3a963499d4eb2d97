"""Operations: the health check a load balancer or monitor polls."""
