// SPDX-License-Identifier: BSL-1.0
// The whole public client API in one include. The emulator is apart: <tallyfy/sandbox.hpp>.
#pragma once

#include <tallyfy/api_error.hpp>
#include <tallyfy/batch.hpp>
#include <tallyfy/client.hpp>
#include <tallyfy/client_options.hpp>
#include <tallyfy/completion.hpp>
#include <tallyfy/error.hpp>
#include <tallyfy/form_values.hpp>
#include <tallyfy/http.hpp>
#include <tallyfy/inline_string.hpp>
#include <tallyfy/list_filters.hpp>
#include <tallyfy/models.hpp>
#include <tallyfy/observe.hpp>
#include <tallyfy/pager.hpp>
#include <tallyfy/raw_object.hpp>
#include <tallyfy/requests.hpp>
#include <tallyfy/retry.hpp>
#include <tallyfy/token_provider.hpp>
#include <tallyfy/transport.hpp>
#include <tallyfy/version.hpp>
#include <tallyfy/webhooks.hpp>

/// @namespace tallyfy
/// The Tallyfy SDK: tallyfy::client and what its operations take and give (requests, list
/// filters, models, pagers, errors), retries and pacing, the transport, batches, form values and
/// webhooks. Request paths in this reference are relative to the organisation,
/// `/organizations/{org}` under the base URL, unless they say otherwise (`GET /me`).
