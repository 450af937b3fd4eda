-- mod_manifold_multicast: server-side fan-out for Manifold (MIT, shipped with Manifold).
--
-- A restricted XEP-0033 multicast service on the host it is loaded on. Manifold sends one message
-- to the host, carrying its recipients as `bcc` addresses; this module routes one copy to each
-- recipient through Prosody's normal path, so offline storage, MAM, carbons and push see every
-- copy exactly as if Manifold had sent it alone. Each copy keeps the message's attributes (`id`,
-- `from`, `type`) and children (body, stanza-id, ...) and loses the <addresses> element, so no
-- recipient ever learns who else got the message.
--
-- Why: a copy a component sends is a whole stanza Prosody must read, parse and route; a thousand
-- recipients cost a thousand parses. Here the message is parsed once, as Prosody's own MUC does.
--
-- Config (global or per VirtualHost):
--   manifold_multicast_senders = { "lists.example.org", "groups.example.org" } -- who may use it
--   manifold_multicast_max_addresses = 5000                                    -- per stanza
--   network_default_read_size = 65536 -- read component sockets in big chunks (see docs/servers.md)

local st = require "util.stanza";
local jid_split = require "util.jid".split;
local jid_prep = require "util.jid".prep;

local xmlns_address = "http://jabber.org/protocol/address";

local senders = module:get_option_set("manifold_multicast_senders", {});
local max_addresses = module:get_option_number("manifold_multicast_max_addresses", 5000);

module:add_feature(xmlns_address);

if senders:empty() then
	module:log("warn", "manifold_multicast_senders is empty: no component may use the multicast service");
end

local stanza_mt = getmetatable(st.stanza("x"));
local t_move = table.move;

-- The message minus its <addresses>: built once, shared by every copy.
local function without_addresses(stanza, addresses)
	local template = st.stanza(stanza.name, {});
	for k, v in pairs(stanza.attr) do template.attr[k] = v; end
	for _, child in ipairs(stanza) do
		if child ~= addresses then template:add_direct_child(child); end
	end
	return template;
end

-- Copies for one recipient each: their own attribute table (their own `to`) and their own list of
-- children, the children themselves shared. Prosody's modules never change a routed stanza's
-- children in place (MAM and carbons clone before they add or strip anything, storage serialises),
-- the assumption its MUC makes when it routes one stanza object to every occupant; own attribute
-- and child lists keep `to` and anything a module adds per copy. What is copied is laid out once.
local function copier(template)
	local keys, values, n = {}, {}, 0;
	for k, v in pairs(template.attr) do
		if k ~= "to" then n = n + 1; keys[n] = k; values[n] = v; end
	end
	local name, tags, ntags, nchildren = template.name, template.tags, #template.tags, #template;
	return function(to)
		local attr = { to = to };
		for i = 1, n do attr[keys[i]] = values[i]; end
		local copy = { name = name, attr = attr, tags = t_move(tags, 1, ntags, 1, {}) };
		t_move(template, 1, nchildren, 1, copy);
		return setmetatable(copy, stanza_mt);
	end
end

-- Addresses Manifold writes are already in canonical form (lower-case ASCII local part and domain,
-- printable ASCII resource), which stringprep leaves as they are: only others go through jid.prep,
-- a cost Prosody's MUC does not pay per occupant either (measured in BENCHMARKS.md, issue 18).
local function canonical(jid)
	if not jid then return nil; end
	if jid:match("^[%l%d._%-]+@[%l%d.%-]+$") or jid:match("^[%l%d._%-]+@[%l%d.%-]+/[\33-\126]+$") then
		return jid;
	end
	return jid_prep(jid);
end

-- A recipient that cannot be reached gets its own error, naming it in an <addresses> of one, so the
-- sender can tell it from a refusal of the whole message.
local function bounce_one(origin, stanza, address, condition, text)
	local reply = st.error_reply(stanza, "modify", condition, text);
	reply:tag("addresses", { xmlns = xmlns_address })
		:tag("address", { type = "bcc", jid = address.attr.jid }):up():up();
	origin.send(reply);
end

module:hook("message/host", function(event)
	local origin, stanza = event.origin, event.stanza;
	local addresses = stanza:get_child("addresses", xmlns_address);
	if not addresses then return; end -- not ours: leave it to other handlers
	if stanza.attr.type == "error" then return true; end -- never answer an error

	local _, from_host = jid_split(stanza.attr.from);
	if not (from_host and senders:contains(from_host)) then
		origin.send(st.error_reply(stanza, "auth", "forbidden",
			"Only the component domains in manifold_multicast_senders may use this multicast service"));
		return true;
	end

	local recipients = {};
	for address in addresses:childtags("address", xmlns_address) do
		if address.attr.type ~= "bcc" or address.attr.uri or address.attr.node then
			origin.send(st.error_reply(stanza, "modify", "bad-request",
				"Only <address type='bcc' jid='...'/> is supported (no uri, no node)"));
			return true;
		end
		recipients[#recipients + 1] = address;
	end
	if #recipients > max_addresses then
		origin.send(st.error_reply(stanza, "modify", "not-acceptable",
			("At most %d addresses per message (manifold_multicast_max_addresses)"):format(max_addresses)));
		return true;
	end

	local template = without_addresses(stanza, addresses);
	local copy_for = copier(template);
	for _, address in ipairs(recipients) do
		local to = canonical(address.attr.jid);
		if not to then
			bounce_one(origin, stanza, address, "jid-malformed", "This address is not a valid JID");
		else
			-- The component's session is the origin, so a bounce (an unknown user, a full JID that
			-- went away) goes back to Manifold from the recipient, as it would for a copy sent alone.
			module:send(copy_for(to), origin);
		end
	end
	module:log("debug", "Expanded %s from %s to %d recipients", stanza.attr.id, stanza.attr.from, #recipients);
	return true;
end, 10);
