"""The API's pagination: DRF's limit/offset, strict about its query parameters.

DRF falls back to the default page for a `limit` it cannot read, and passes any integer on to
the database, where one beyond 64 bits is a server error. Here a `limit` outside 1..API_MAX_LIMIT
or an `offset` outside 0..2**63-1 is a 400 naming the parameter, and the schema says so."""

from django.conf import settings
from rest_framework import pagination, serializers

# The database's integers are 64-bit; no list is that long.
MAX_OFFSET = 2**63 - 1


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    @property
    def max_limit(self) -> int:
        return settings.API_MAX_LIMIT

    def get_limit(self, request):
        return self._read(request, self.limit_query_param, self.default_limit, 1, self.max_limit)

    def get_offset(self, request):
        return self._read(request, self.offset_query_param, 0, 0, MAX_OFFSET)

    def _read(self, request, name, default, lowest, highest):
        if name not in request.query_params:
            return default
        field = serializers.IntegerField(min_value=lowest, max_value=highest)
        try:
            return field.run_validation(request.query_params[name])
        except serializers.ValidationError as exc:
            raise serializers.ValidationError({name: exc.detail}) from exc

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        bounds = {self.limit_query_param: (1, self.max_limit), self.offset_query_param: (0, MAX_OFFSET)}
        for parameter in parameters:
            lowest, highest = bounds[parameter["name"]]
            parameter["schema"].update(minimum=lowest, maximum=highest)
        return parameters
