# dhcpfo: DHCP failover relationships as an SNMP AgentX subagent.
#   make          build libdhcpfo and dhcpfo-agentx (build/)
#   make deps     install the Debian packages the project needs
#   make demo     private snmpd + the subagent on the simulator + a walk
#   make check    unit + integration tests (SANITIZE=1: ASan/UBSan build)
#   make lint     cppcheck and shellcheck
VERSION   := 0.1.0
CC        ?= gcc
BUILD     ?= build
ifeq ($(SANITIZE),1)
BUILD     := build-san
SANFLAGS  := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
endif
PKGS      := libconfig json-c libcurl libcrypto
CFLAGS    ?= -O2 -g
CFLAGS    += -std=gnu11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
             -Wmissing-prototypes -D_GNU_SOURCE -DDFO_VERSION='"$(VERSION)"' \
             -Isrc $(SANFLAGS) $(EXTRA_CFLAGS) $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDFLAGS   += $(SANFLAGS)
# EXTRA_CFLAGS=-DFOO adds flags without replacing the warnings above
SNMPLIBS   = $(shell net-snmp-config --agent-libs 2>/dev/null)
LIBS       = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread
CHECKLIBS  = $(shell pkg-config --libs check 2>/dev/null)
# backend windows: Samba's DCE/RPC client (samba-dev). Without it the
# backend is left out and a config naming it is refused.
SAMBA_PKGS := dcerpc samba-credentials samba-hostconfig ndr samba-util talloc tevent
ifeq ($(shell pkg-config --exists $(SAMBA_PKGS) && echo yes),yes)
CFLAGS    += -DDFO_HAVE_WINDOWS
LIBS      += $(shell pkg-config --libs $(SAMBA_PKGS)) -lsamba-errors
$(BUILD)/src/msdhcpm_rpc.o: CFLAGS += $(filter-out -D_GNU_SOURCE%,$(shell pkg-config --cflags $(SAMBA_PKGS)))
endif

LIB_SRC   := $(wildcard src/*.c)
AGENT_SRC := $(wildcard agent/*.c)
UNIT_SRC  := $(wildcard tests/unit/*.c)
LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/%.o)
AGENT_OBJ := $(AGENT_SRC:%.c=$(BUILD)/%.o)
UNIT_OBJ  := $(UNIT_SRC:%.c=$(BUILD)/%.o)
AGENT     := $(BUILD)/dhcpfo-agentx
PLUGIN    := $(BUILD)/check_dhcp_failover
UNIT      := $(BUILD)/check_unit

.PHONY: all deps demo check unit integration lint clean install uninstall soak
all: $(AGENT) $(PLUGIN)

deps:
	@sh tools/deps.sh

V ?= 0
Q := $(if $(filter 1,$(V)),,@)
$(BUILD)/%.o: %.c $(wildcard src/*.h agent/*.h)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/libdhcpfo.a: $(LIB_OBJ)
	ar rcs $@ $^

$(AGENT): $(AGENT_OBJ) $(BUILD)/libdhcpfo.a
	$(CC) $(LDFLAGS) -o $@ $(AGENT_OBJ) $(BUILD)/libdhcpfo.a $(SNMPLIBS) $(LIBS)

$(PLUGIN): $(BUILD)/contrib/nagios/check_dhcp_failover.o
	$(CC) $(LDFLAGS) -o $@ $< $(shell net-snmp-config --libs 2>/dev/null)

$(UNIT): $(UNIT_OBJ) $(BUILD)/libdhcpfo.a
	$(CC) $(LDFLAGS) -o $@ $(UNIT_OBJ) $(BUILD)/libdhcpfo.a $(LIBS) $(CHECKLIBS)

demo: deps
	@$(MAKE) --no-print-directory all
	@bash tools/demo.sh $(AGENT)

unit: $(UNIT)
	$(UNIT)

check: deps
	@$(MAKE) --no-print-directory $(AGENT) $(PLUGIN) $(UNIT) bench-build
	@BUILD=$(BUILD) bash tests/run.sh

# the 10-minute soak (make check runs a 60 s one)
soak: deps
	@$(MAKE) --no-print-directory $(AGENT)
	@SOAK_SECONDS=600 TESTS=t_soak BUILD=$(BUILD) bash tests/run.sh

lint:
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
	  --std=c11 --inline-suppr -Isrc src agent tests/unit contrib/nagios
	shellcheck -x tools/*.sh contrib/zabbix/*.sh tests/*.sh tests/integration/*.sh tests/integration/*/*.sh bench/*.sh

clean:
	rm -rf build build-san build-fuzz

include mk/install.mk
include mk/fuzz.mk
include mk/bench.mk
