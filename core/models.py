from django.db import models, transaction


class Sequence(models.Model):
    """Gap-tolerant counters for human-readable numbers (办件编号, permit numbers)."""

    name = models.CharField(max_length=40, primary_key=True)
    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}={self.value}"

    @classmethod
    def next(cls, name: str) -> int:
        return cls.take(name, 1)

    @classmethod
    def take(cls, name: str, n: int) -> int:
        """Reserve `n` consecutive values in one increment; returns the first of them."""
        with transaction.atomic():
            seq, _ = cls.objects.select_for_update().get_or_create(name=name)
            seq.value += n
            seq.save(update_fields=["value"])
            return seq.value - n + 1
