from django.db import models

from core.fields import EncryptedTextField


class Person(models.Model):
    """A permit holder. Found by the blind index of the 身份证 number, never by the number itself."""

    name = models.CharField(max_length=60)
    id_number = EncryptedTextField()
    id_index = models.CharField(max_length=64, unique=True)
    sex = models.CharField(max_length=1, choices=[("M", "男"), ("F", "女")])
    birth_date = models.DateField()
    hukou = models.CharField(max_length=200, blank=True)
    phone = EncryptedTextField(blank=True)

    def __str__(self) -> str:
        return self.name
