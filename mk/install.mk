# mk/install.mk: make install / uninstall. PREFIX, DESTDIR, sysconfdir and
# localstatedir are honoured; the configuration is never overwritten and
# uninstall leaves configuration and state alone.
PREFIX        ?= /usr/local
sbindir       ?= $(PREFIX)/sbin
datadir       ?= $(PREFIX)/share
mandir        ?= $(datadir)/man
mibdir        ?= $(datadir)/snmp/mibs
docdir        ?= $(datadir)/doc/dhcpfo
zabbixdir     ?= $(datadir)/dhcpfo
plugindir     ?= $(PREFIX)/lib/nagios/plugins
sysconfdir    ?= /etc
localstatedir ?= /var
unitdir       ?= $(PREFIX)/lib/systemd/system
confdir        = $(sysconfdir)/dhcpfo
statedir       = $(localstatedir)/lib/dhcpfo
D              = $(DESTDIR)

INSTALLED = $(sbindir)/dhcpfo-agentx $(plugindir)/check_dhcp_failover \
	$(mibdir)/DHCPFO-MIB.txt $(mibdir)/DHCPFO-ROOT-MIB.txt \
	$(addprefix $(mibdir)/dhcpfo-ietf/,$(notdir $(filter-out mibs/DHCPFO%,$(wildcard mibs/*.txt)))) \
	$(mandir)/man8/dhcpfo-agentx.8 $(mandir)/man5/dhcpfo.conf.5 \
	$(mandir)/man1/check_dhcp_failover.1 \
	$(sysconfdir)/init.d/dhcpfo $(unitdir)/dhcpfo.service \
	$(unitdir)/dhcpfo-standalone.service \
	$(addprefix $(docdir)/examples/,$(notdir $(wildcard conf/*))) \
	$(zabbixdir)/snmptrap_to_zabbix.sh $(zabbixdir)/dhcpfo_template_6.0.yaml

install: $(AGENT) $(PLUGIN)
	install -D -m 0755 $(AGENT) $(D)$(sbindir)/dhcpfo-agentx
	install -D -m 0755 $(PLUGIN) $(D)$(plugindir)/check_dhcp_failover
	install -D -m 0644 -t $(D)$(mibdir) mibs/DHCPFO-MIB.txt mibs/DHCPFO-ROOT-MIB.txt
	install -D -m 0644 -t $(D)$(mibdir)/dhcpfo-ietf $(filter-out mibs/DHCPFO%,$(wildcard mibs/*.txt))
	install -D -m 0644 man/dhcpfo-agentx.8 $(D)$(mandir)/man8/dhcpfo-agentx.8
	install -D -m 0644 man/dhcpfo.conf.5 $(D)$(mandir)/man5/dhcpfo.conf.5
	install -D -m 0644 man/check_dhcp_failover.1 $(D)$(mandir)/man1/check_dhcp_failover.1
	install -D -m 0755 init.d/dhcpfo $(D)$(sysconfdir)/init.d/dhcpfo
	install -D -m 0644 -t $(D)$(unitdir) init.d/dhcpfo.service init.d/dhcpfo-standalone.service
	install -D -m 0644 -t $(D)$(docdir)/examples $(wildcard conf/*)
	install -D -m 0755 contrib/zabbix/snmptrap_to_zabbix.sh $(D)$(zabbixdir)/snmptrap_to_zabbix.sh
	install -D -m 0644 contrib/zabbix/dhcpfo_template_6.0.yaml $(D)$(zabbixdir)/dhcpfo_template_6.0.yaml
	install -d -m 0755 $(D)$(confdir)
	@if [ -e $(D)$(confdir)/dhcpfo.conf ]; then \
		echo "keeping $(D)$(confdir)/dhcpfo.conf"; \
	else \
		sed 's|/var/lib/dhcpfo|$(statedir)|' conf/dhcpfo.conf > $(D)$(confdir)/dhcpfo.conf && \
		chmod 0644 $(D)$(confdir)/dhcpfo.conf; \
	fi
	install -d -m 0750 $(D)$(statedir)

uninstall:
	rm -f $(addprefix $(D),$(INSTALLED))
	-rmdir $(D)$(mibdir)/dhcpfo-ietf $(D)$(docdir)/examples $(D)$(docdir) $(D)$(zabbixdir) 2>/dev/null
	@echo "kept $(D)$(confdir) and $(D)$(statedir)"
